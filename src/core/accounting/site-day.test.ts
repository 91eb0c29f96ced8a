import { describe, expect, it } from 'vitest';
import type { IntervalOutcome } from '../backtest/settle-interval.ts';
import { Ledger } from './ledger.ts';
import { SiteDayCollector, siteDayPostings } from './site-day.ts';

const outcome = (startMs: number, patch: Partial<IntervalOutcome> = {}): IntervalOutcome => ({
  startMs,
  minerMw: [1],
  hashrateThs: 100,
  miningMw: 1,
  gpuMw: 0,
  importMw: 1,
  exportMw: 0,
  renewableUsedMw: 0,
  renewableCurtailedMw: 0,
  chargeMw: 0,
  dischargeMw: 0,
  socMwh: 0,
  importPriceUsdPerMwh: 40,
  hashpriceUsdPerThDay: 0.05,
  miningUsd: 0.1,
  btcMined: 0.0000001,
  gpuUsd: 0,
  exportUsd: 0,
  energyCostUsd: 0.1,
  batteryCostUsd: 0,
  demandChargeUsd: 0,
  netUsd: 0,
  energyUsedMwh: 1 / 6,
  curtailedHours: 0,
  ...patch,
});

describe('SiteDayCollector', () => {
  it('sums a UTC day of intervals in floats and converts once (BTC floor, USD half-even)', () => {
    const c = new SiteDayCollector('s', 10);
    const day = Date.parse('2025-01-01T00:00:00Z');
    // 0.1 x 3 = 0.30000000000000004 in floats; 1e-7 BTC x 3 = 30 sats (floor after clearing noise).
    for (let i = 0; i < 3; i++) c.interval('s', 'a', outcome(day + i * 600_000));
    c.interval('other', 'a', outcome(day));
    c.interval('s', 'a', outcome(day + 86_400_000, { exportUsd: 1.2345675, exportMw: 2, energyCostUsd: -2 }));
    const [d1, d2] = c.siteDays();
    expect(d1).toMatchObject({
      siteId: 'a',
      date: '2025-01-01',
      seconds: 1800n,
      btcMinedSats: 30n,
      miningMicroUsd: 300_000n,
      hashrateThSeconds: 180_000n,
      energyUsedWh: 500_000n,
      importWh: 500_000n,
    });
    expect(d2).toMatchObject({
      date: '2025-01-02',
      exportMicroUsd: 1_234_568n,
      supplyCostMicroUsd: -2_000_000n,
    });
  });

  it('posts a site-day as balanced, idempotent postings (negative costs flip sides)', () => {
    const c = new SiteDayCollector('s', 60);
    c.interval(
      's',
      'a',
      outcome(Date.parse('2025-01-02T00:00:00Z'), { energyCostUsd: -2, gpuUsd: 3, exportUsd: 1 }),
    );
    const [day] = c.siteDays();
    const ledger = new Ledger();
    const postings = siteDayPostings(day!);
    expect(postings.map((p) => p.key)).toEqual([
      'mined:a:2025-01-02',
      'energy:a:2025-01-02',
      'lease:a:2025-01-02',
      'export:a:2025-01-02',
    ]);
    expect(ledger.postAll(postings).booked).toBe(4);
    expect(ledger.postAll(siteDayPostings(day!)).booked).toBe(0);
    expect(ledger.balance('energy-cost:a:supply')).toBe(-2_000_000n);
    expect(ledger.creditBalance('lease-revenue:a.gpu-market')).toBe(3_000_000n);
    expect(ledger.balance('cash-usd')).toBe(1_000_000n);
    expect(ledger.trialBalance('micro-usd')).toBe(0n);
  });
});
