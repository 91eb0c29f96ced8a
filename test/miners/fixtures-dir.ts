import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/miners/fixtures-dir.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The recorded miner replies, read in place (never copied into the repository): `../shared/fixtures/miners`
 * next to the repository, or `$SWITCHYARD_FIXTURES_DIR` (the fixtures root, or its `miners` folder).
 */
export function minerFixturesDir(): string {
  const override = process.env.SWITCHYARD_FIXTURES_DIR;
  if (override) {
    const root = resolve(override);
    return existsSync(join(root, 'miners')) ? join(root, 'miners') : root;
  }
  return resolve(REPO_ROOT, '../shared/fixtures/miners');
}
