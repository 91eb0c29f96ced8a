import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStorage, PgliteDatabase } from '../../src/adapters/storage/index.ts';
import { minerReading, setpointFixture, siteFixture } from '../../src/adapters/storage/storage-fixtures.ts';

describe('PGlite data directory', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-pgdata-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates its data files owner-only (0600 files, 0700 directories), open and after close', async () => {
    // Issue 13, defect 10: PGlite created its files world-writable (0666).
    const dataDir = join(dir, 'private');
    const modes = () => {
      const found: { path: string; mode: number }[] = [];
      const walk = (at: string) => {
        found.push({ path: at, mode: statSync(at).mode & 0o777 });
        for (const entry of readdirSync(at, { withFileTypes: true })) {
          if (entry.isDirectory()) walk(join(at, entry.name));
          else if (entry.isFile())
            found.push({ path: join(at, entry.name), mode: statSync(join(at, entry.name)).mode & 0o777 });
        }
      };
      walk(dataDir);
      return found;
    };
    const storage = await openStorage({ dataDir });
    await storage.audit.append({ atMs: 1, actor: 't', action: 'a', target: 'x', details: {} });
    expect(modes().filter((m) => (m.mode & 0o077) !== 0)).toEqual([]);
    await storage.close();
    const after = modes();
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((m) => (m.mode & 0o077) !== 0)).toEqual([]);
  });

  it('keeps the data across close and reopen, without re-applying migrations', async () => {
    const dataDir = join(dir, 'pgdata');
    const site = siteFixture('tx-west-1');
    const first = await openStorage({ dataDir, now: () => 1_000 });
    await first.sites.put(site);
    await first.audit.append({
      atMs: 5,
      actor: 'system',
      action: 'fleet.import',
      target: 'fleet',
      details: { sites: 1 },
    });
    await first.setpoints.issue(setpointFixture('tx-west-1', 10_000));
    await first.telemetry.ingest({
      siteId: 'tx-west-1',
      batchId: 'b1',
      sentAtMs: 0,
      readings: [minerReading('m1', 60_000)],
    });
    await first.close();

    const second = await openStorage({ dataDir, now: () => 2_000 });
    try {
      expect(await second.sites.get('tx-west-1')).toEqual({ site, version: 1, updatedAtMs: 1_000 });
      expect(await second.audit.list({ target: 'fleet' })).toHaveLength(1);
      expect((await second.setpoints.issue(setpointFixture('tx-west-1', 20_000))).seq).toBe(2);
      expect(
        await second.telemetry.ingest({ siteId: 'tx-west-1', batchId: 'b1', sentAtMs: 0, readings: [] }),
      ).toBe(false);
      expect(await second.telemetry.latest('tx-west-1')).toEqual([minerReading('m1', 60_000)]);
    } finally {
      await second.close();
    }

    const db = await PgliteDatabase.open(dataDir);
    try {
      expect(await migrate(db, { nowMs: 3_000 })).toEqual({ applied: [] });
      const rows = await db.query<{ applied_at: number }>('SELECT applied_at FROM schema_migrations');
      expect(rows.map((row) => Number(row.applied_at))).toEqual(rows.map(() => 1_000));
    } finally {
      await db.close();
    }
  });
});
