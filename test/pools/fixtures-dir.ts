import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The recorded pool replies, read in place (never copied into the repository):
 * `../shared/fixtures/pools` next to the repository, or `$SWITCHYARD_FIXTURES_DIR` (the fixtures
 * root, or its `pools` folder). Sources and licences: that folder's README.md.
 */
export function poolFixturesDir(): string {
  const override = process.env.SWITCHYARD_FIXTURES_DIR;
  if (override) {
    const root = resolve(override);
    return existsSync(join(root, 'pools')) ? join(root, 'pools') : root;
  }
  return resolve(REPO_ROOT, '../shared/fixtures/pools');
}

export function poolFixture(relative: string): string {
  return readFileSync(join(poolFixturesDir(), relative), 'utf8');
}
