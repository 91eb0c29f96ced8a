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
