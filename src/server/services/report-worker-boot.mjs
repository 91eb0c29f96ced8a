// Entry of the report simulation's worker thread: a worker does not inherit the parent's TypeScript
// loader (nor, on Node 20, take `--import tsx` from its execArgv), so it registers tsx itself, as
// bin/switchyard.js does, then loads the module named in workerData (report-worker.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
