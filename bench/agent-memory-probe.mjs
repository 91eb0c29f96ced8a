// Preloaded (`node --import`) into the `switchyard agent` process that `npm run bench -- agent` measures:
// on SIGUSR2 it runs a full GC and writes the process's memory before and after as one JSON line on
// stderr, so the bench can tell live heap from garbage not collected yet. Plain JS: it loads before tsx.
// With BENCH_AGENT_PROFILE_DIR set, it also profiles the CPU from start to that signal and writes
// agent-<pid>.cpuprofile (open in Chrome DevTools) and a heap snapshot there (from
// BENCH_AGENT_PROFILE_DELAY_MS after the start, when set).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const profileDir = process.env.BENCH_AGENT_PROFILE_DIR;
let session;
if (profileDir) {
  session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // BENCH_AGENT_PROFILE_DELAY_MS: start later, to profile the poll cycles without the start-up scan.
  const start = () => session.post('Profiler.start');
  const delayMs = Number(process.env.BENCH_AGENT_PROFILE_DELAY_MS ?? 0);
  if (delayMs > 0) setTimeout(start, delayMs).unref();
  else start();
}

process.on('SIGUSR2', () => {
  const before = process.memoryUsage();
  gc();
  const after = process.memoryUsage();
  if (session) {
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(join(profileDir, `agent-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      writeHeapSnapshot(join(profileDir, `agent-${process.pid}.heapsnapshot`));
      process.stderr.write(`${JSON.stringify({ benchMemory: { before, after } })}\n`);
    });
    return;
  }
  process.stderr.write(`${JSON.stringify({ benchMemory: { before, after } })}\n`);
});
