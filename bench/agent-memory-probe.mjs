// Preloaded (`node --import`) into the `switchyard agent` process that `npm run bench -- agent` measures:
// on SIGUSR2 it runs a full GC and writes the process's memory before and after as one JSON line on
// stderr, so the bench can tell live heap from garbage not collected yet. Plain JS: it loads before tsx.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

process.on('SIGUSR2', () => {
  const before = process.memoryUsage();
  gc();
  const after = process.memoryUsage();
  process.stderr.write(`${JSON.stringify({ benchMemory: { before, after } })}\n`);
});
