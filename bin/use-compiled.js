// Whether bin/switchyard.js runs the compiled program (dist/) rather than src/ through tsx: dist/
// must exist, be no older than the newest source file under src/ (.ts, .sql, .mjs; tests aside: a stale
// build would run old code), and
// SWITCHYARD_SOURCE must not be set.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const checkout = fileURLToPath(new URL('..', import.meta.url));

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else if (/\.(ts|sql|mjs)$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** @param {string} root the checkout (or installed package) holding dist/ and src/ */
export function useCompiled(root = checkout, env = process.env) {
  if (env.SWITCHYARD_SOURCE === '1') return false;
  const main = join(root, 'dist/cli/main.js');
  if (!existsSync(main)) return false;
  // An installed package ships dist/ without src/.
  if (!existsSync(join(root, 'src'))) return true;
  return statSync(main).mtimeMs >= newestMtimeMs(join(root, 'src'));
}
