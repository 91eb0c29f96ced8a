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
});
