/**
 * Builds the dashboard (web/dist) when it is missing or older than its sources; does nothing
 * otherwise, so `npm start` (its `prestart`), the browser tests and the bench stay fast.
 * Run directly: `tsx web/scripts/build-if-stale.ts [--force]`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIST = join(WEB_DIR, 'dist');

/** Newest modification time of the dashboard's sources and build configuration, ms. */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['index.html', 'vite.config.ts', 'src']) visit(join(WEB_DIR, entry));
  // The marketplace's record types and constants are the server's own (web/src/api/market-types.ts).
  visit(join(WEB_DIR, '..', 'src', 'core', 'marketplace'));
  return newest;
}

export function webBuildIsStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < newestSource();
}

/** Builds with Vite when stale (or forced); resolves to whether it built. */
export async function buildWebIfStale(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && !webBuildIsStale()) return false;
  const { build } = await import('vite');
  const started = performance.now();
  // Vite takes NODE_ENV from the environment when set (a test run sets "test"): build for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(WEB_DIR, 'vite.config.ts'),
      mode: 'production',
      logLevel: options.quiet ? 'silent' : 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  if (!options.quiet)
    process.stdout.write(
      `dashboard built into ${WEB_DIST} in ${Math.round(performance.now() - started)} ms\n`,
    );
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWebIfStale({ force: process.argv.includes('--force') });
}
