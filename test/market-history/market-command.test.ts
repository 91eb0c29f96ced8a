import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv } from '../../src/adapters/market-data/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shared = dataDirFromEnv();
const work = mkdtempSync(join(tmpdir(), 'switchyard-market-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A data directory with the shared bitcoin and reference files and one AESO price year (copied to a temp dir). */
function smallDataDir(): string {
  const dir = join(work, 'data');
  for (const sub of ['bitcoin', 'reference', 'power', 'renewables'])
    mkdirSync(join(dir, sub), { recursive: true });
  for (const file of [
    'bitcoin/btc_daily.csv',
    'bitcoin/difficulty_epochs.csv',
    'reference/miner_models.csv',
    'reference/gpu_rental_prices.csv',
    'power/aeso_pool_price_2024.csv',
  ]) {
    copyFileSync(join(shared, file), join(dir, file));
  }
  return dir;
}

/** Runs the real CLI as a process (asynchronously: the import takes a while on a busy machine). */
function switchyard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'bin/switchyard.js'), ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', SWITCHYARD_DATA_DIR: '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('switchyard market import', () => {
  it('imports a data directory once, lists the series, and skips them on a second import', async () => {
    const data = smallDataDir();
    const state = join(work, 'state');
    const first = await switchyard('market', 'import', data, '--state-dir', state);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported power:aeso_pool_price: 87\d\d points/);
    expect(first.stdout).toMatch(/imported btc:priceUsd: \d+ points/);
    const listed = await switchyard('market', 'series', '--state-dir', state);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/power:aeso_pool_price\tCAD\/MWh\t87\d\d points\t2024-01-01T07:00:00.000Z/);
    const again = await switchyard('market', 'import', data, '--state-dir', state);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/imported/);
    expect(again.stdout).toMatch(/skipped \d+ series already stored/);
  }, 180_000);
});
