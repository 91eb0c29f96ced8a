// Entry of the report simulation's worker thread: a worker does not inherit the parent's TypeScript
// loader (nor, on Node 20, take `--import tsx` from its execArgv), so when the module named in
// workerData is TypeScript (report-worker.ts, run from src/) it registers tsx itself, as
// bin/switchyard.js does; compiled (dist/report-worker.js) it loads it on plain node.
import { workerData } from 'node:worker_threads';

if (String(workerData.entry).endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
