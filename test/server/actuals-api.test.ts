import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minerReading } from '../../src/adapters/storage/storage-fixtures.ts';
import { exampleFleet, type Harness, startHarness } from './app-harness.ts';

describe('the month from actuals over the API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ atMs: Date.parse('2023-09-15T12:00:00Z') });
    expect((await h.call('POST', '/api/v1/fleet/import', { body: exampleFleet })).status).toBe(200);
    const site = exampleFleet.sites[0].id as string;
    // One day of telemetry (2023-08-02, every minute, one miner at 200 TH/s) and its pool credit.
    const day = Date.parse('2023-08-02T00:00:00Z');
    const readings = Array.from({ length: 1440 }, (_, m) => minerReading('m1', day + m * 60_000 + 1_000));
    await h.storage.telemetry.ingest({ siteId: site, batchId: 'b1', sentAtMs: day, readings });
    await h.storage.poolCredits.record({
      siteId: site,
      source: 'braiins',
      account: 'acct',
      date: '2023-08-02',
      creditedSats: 123_456n,
      recordedAtMs: day + 86_400_000,
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists measured days, credits and every gap, labelled; an incomplete month does not close', async () => {
    const site = exampleFleet.sites[0].id as string;
    const response = await h.call('GET', '/api/v1/reports/actuals/2023-08');
    expect(response.status).toBe(200);
    const body = response.body as {
      basis: string;
      complete: boolean;
      sites: {
        siteId: string;
        minedBtc: string;
        operatingEhs: number;
        days: {
          date: string;
          operatingThs: number | null;
          creditedBtc: string | null;
          energySource: string | null;
        }[];
        gaps: { date: string; what: string }[];
      }[];
    };
    expect(body.basis).toBe('actuals');
    const s = body.sites.find((x) => x.siteId === site)!;
    expect(s.minedBtc).toBe('0.00123456');
    expect(s.operatingEhs).toBeCloseTo(0.0002, 10);
    const second = s.days.find((d) => d.date === '2023-08-02')!;
    expect(second).toMatchObject({
      operatingThs: 200,
      creditedBtc: '0.00123456',
      energySource: 'device-sum',
    });
    expect(s.days.find((d) => d.date === '2023-08-03')).toMatchObject({
      operatingThs: null,
      creditedBtc: null,
      energySource: null,
    });
    expect(s.gaps).toEqual(
      expect.arrayContaining([
        { date: '2023-08-03', what: 'no-telemetry' },
        { date: '2023-08-02', what: 'energy-from-device-sum' },
      ]),
    );
    expect(body.complete).toBe(false);
    const close = await h.call('POST', '/api/v1/reports/actuals/2023-08/close');
    expect(close).toMatchObject({ status: 200, body: { closed: false } });
  });

  it('imports the utility interval export (checked whole, idempotent, audited) and prices the day from it', async () => {
    const site = exampleFleet.sites[0].id as string;
    const day = Date.parse('2023-08-02T00:00:00Z');
    const rows = Array.from({ length: 96 }, (_, i) => {
      const start = new Date(day + i * 900_000).toISOString().replace('.000Z', '+00:00');
      return `${start},55.125`;
    });
    const csv = `interval_start,kwh\n${rows.join('\n')}\n`;
    const url = `/api/v1/sites/${site}/energy/utility-intervals`;
    const post = (body: string) =>
      h.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'text/csv' },
        payload: body,
      });
    const first = await post(csv);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ intervals: 96, added: 96, changed: 0, unchanged: 0 });
    const again = await post(csv);
    expect(again.json()).toMatchObject({ intervals: 96, added: 0, changed: 0, unchanged: 96 });
    const audits = (await h.storage.audit.list({ target: `site:${site}` })).filter(
      (a) => a.action === 'energy.utility-import',
    );
    expect(audits).toHaveLength(1);
    // A malformed file is refused whole, naming the line and column; nothing stored changes.
    const bad = await post(`interval_start,kwh\n2023-08-03T00:00:00+00:00,1\n2023-08-03T00:07:00+00:00,1\n`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('SY_ERR_REQUEST_INVALID');
    expect(bad.json().error.message).toMatch(/request body:3:1 \(column interval_start.*quarter hour/);
    expect(await h.storage.energy.intervals(site, day + 86_400_000, day + 2 * 86_400_000)).toEqual([]);
    expect((await post('interval_start,kwh\n')).json()).toMatchObject({ intervals: 0, added: 0 });
    const nowhere = await h.app.inject({
      method: 'POST',
      url: '/api/v1/sites/nowhere/energy/utility-intervals',
      headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(nowhere.statusCode).toBe(404);

    // One stored run decided 2023-08-02 00:00-00:15 for the site: 1 MW of mining.
    const run = await h.storage.allocations.claim(
      { id: 'run-aug', intervalStartMs: day, startedAtMs: day, runner: 'test', inputs: {} },
      60_000,
    );
    await h.storage.allocations.complete(
      run!.id,
      [{ siteId: site, decision: { miningMw: 1, gpuMw: 0 }, explanation: [], expectedCents: 0 }],
      day + 1,
      1,
    );
    const report = (await h.call('GET', '/api/v1/reports/actuals/2023-08')).body;
    expect(report.labels.planned).toMatch(/^planned: the allocator/);
    expect(report.planned.basis).toBe('planned');
    const planned = report.planned.sites.find((p: { siteId: string }) => p.siteId === site);
    expect(planned.coverage).toBeCloseTo(1 / (31 * 96), 12);
    expect(planned.operatingEhs).toBeGreaterThan(0);
    expect(Number(planned.expectedBtc)).toBeGreaterThan(0);
    expect(
      report.planned.sites.filter((p: { operatingEhs: number | null }) => p.operatingEhs !== null),
    ).toHaveLength(1);
    expect(report.whatIf).toBeNull();
    const d = report.sites
      .find((x: { siteId: string }) => x.siteId === site)
      .days.find((x: { date: string }) => x.date === '2023-08-02');
    expect(d).toMatchObject({ energySource: 'utility-csv', energyWh: 96 * 55_125 });
    // Priced at the site's market price plus adder, per quarter-hour: a positive, exact USD text.
    expect(d.energyCostUsd).toMatch(/^\d+\.\d{6}$/);
    expect(Number(d.energyCostUsd)).toBeGreaterThan(0);
  });
});
