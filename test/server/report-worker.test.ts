import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv } from '../../src/adapters/market-data/index.ts';
import { ReportSimulationPool } from '../../src/server/services/report-simulation-pool.ts';
import { exampleFleet, type Harness, startHarness } from './app-harness.ts';

const REPORT = '/api/v1/reports/monthly/2023-08?strategy=always-on';
const fleet = {
  ...exampleFleet,
  sites: exampleFleet.sites.filter((s: { id: string }) => ['tx-west-1', 'ga-hub'].includes(s.id)),
};

describe('monthly reports simulated in a worker thread', () => {
  // The worker loads the market data from `dataDir`, a link made only after the first request.
  const temp = mkdtempSync(join(tmpdir(), 'switchyard-report-worker-'));
  const dataDir = join(temp, 'data');
  let h: Harness;
  let pool: ReportSimulationPool;
  beforeAll(async () => {
    h = await startHarness({ marketDataDir: dataDir, atMs: Date.parse('2023-09-15T12:00:00Z') });
    expect((await h.call('POST', '/api/v1/fleet/import', { body: fleet })).status).toBe(200);
    pool = h.app.services.reports.simulator as ReportSimulationPool;
    expect(pool).toBeInstanceOf(ReportSimulationPool);
  });
  afterAll(async () => {
    await h.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('fails clearly, caches no failure, and answers /healthz while the retry simulates', async () => {
    const failed = await h.call('GET', REPORT);
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('SY_ERR_DATA_FILE_MISSING');
    expect(await h.storage.ledger.list({ period: '2023-08' })).toEqual([]);
    symlinkSync(dataDirFromEnv(), dataDir);

    let reportDone = false;
    const report = h.app
      .inject({ method: 'GET', url: REPORT, headers: { authorization: `Bearer ${h.adminKey}` } })
      .finally(() => {
        reportDone = true;
      });
    while (!pool.running) await sleep(5);
    for (let i = 0; i < 3; i++) {
      const health = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(reportDone).toBe(false);
      expect(pool.running).toBe(true);
    }
    const response = await report;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).month).toBe('2023-08');
    // An ended month: booked (actual events only; this fleet has none), not a preview.
    expect(response.headers['x-ledger-booked']).toMatch(/^\d+$/);
    expect(pool.started).toBe(2);
  });

  it('shares one run between concurrent requests for the same month', async () => {
    const before = pool.started;
    const url = '/api/v1/reports/monthly/2023-09.json?strategy=always-on';
    const [a, b] = await Promise.all([h.call('GET', url), h.call('GET', url)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toEqual(b.body);
    expect(pool.started).toBe(before + 1);
  });

  it('serves the same report and books the same postings as a simulation on the event loop', async () => {
    const inline = await startHarness({ atMs: Date.parse('2023-09-15T12:00:00Z') });
    try {
      expect((await inline.call('POST', '/api/v1/fleet/import', { body: fleet })).status).toBe(200);
      const fromWorker = await h.call('GET', REPORT);
      const fromLoop = await inline.call('GET', REPORT);
      expect(fromLoop.status).toBe(200);
      expect(fromWorker.body).toEqual(fromLoop.body);
      expect(await h.storage.ledger.list({ period: '2023-08' })).toEqual(
        await inline.storage.ledger.list({ period: '2023-08' }),
      );
    } finally {
      await inline.close();
    }
  });
});
