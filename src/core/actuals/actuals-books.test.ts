import { describe, expect, it } from 'vitest';
import type { NetworkDay } from '../accounting/network-day.ts';
import { expectedDaySats } from '../accounting/network-day.ts';
import { meteredEnergyPosting, performedDrPosting, poolCreditPostings } from './actual-postings.ts';
import { dayEnergyIntervals } from './day-energy-intervals.ts';
import { drBaseline } from './dr-baseline.ts';
import { plannedSiteMonth } from './planned-month.ts';
import { siteDayEnergy } from './site-day-energy.ts';

const DAY = '2025-09-01';
const D0 = Date.parse(`${DAY}T00:00:00Z`);
const MIN = 60_000;
const HOUR = 3_600_000;
const NETWORK: NetworkDay = {
  date: DAY,
  difficultyScaled: 100_000_000_000_000n * 100_000_000n,
  subsidySatsPerBlock: 312_500_000n,
  feesSats: 1_440_000_000n,
  feeBlocks: 144n,
  feesEstimated: false,
  blockCount: 144,
};

describe('the day energy split for pricing', () => {
  it('meter intervals add up to the day figure, so cost and energy agree', () => {
    const meter = Array.from({ length: 1_440 }, (_, i) => ({
      siteId: 's',
      minuteMs: D0 + i * MIN,
      reading: {
        atMs: D0 + i * MIN + 30_000,
        activePowerW: 1_000_000 + (i % 60) * 1_000,
        importedEnergyWh: 7 + i * 17_000,
        exportedEnergyWh: 0,
      },
    }));
    const devices = { averageItPowerW: null, minutesReported: 0, pue: 1 };
    const energy = siteDayEnergy({ siteId: 's', date: DAY, utility: [], meter, devices });
    expect(energy.source).toBe('meter');
    const intervals = dayEnergyIntervals(energy, [], meter);
    expect(intervals.reduce((s, i) => s + i.energyWh, 0)).toBeCloseTo(energy.energyWh!, 0);
    expect(intervals[0]!.startMs).toBe(D0);
  });

  it('the device-sum fallback is 24 equal hours; nothing measured gives no intervals', () => {
    const fallback = siteDayEnergy({
      siteId: 's',
      date: DAY,
      utility: [],
      meter: [],
      devices: { averageItPowerW: 1_000, minutesReported: 1_440, pue: 1.5 },
    });
    expect(dayEnergyIntervals(fallback, [], [])).toHaveLength(24);
    expect(dayEnergyIntervals({ ...fallback, energyWh: null, source: null }, [], [])).toEqual([]);
  });
});

describe('the stated DR baseline', () => {
  const readings = Array.from({ length: 10 * 24 * 60 }, (_, i) => ({
    atMs: D0 + i * MIN,
    // 2 MW, except on 4 September (another event: 0.5 MW).
    activePowerW: Math.floor(i / 1_440) === 3 ? 500_000 : 2_000_000,
  }));
  const event = { fromMs: D0 + 8 * 86_400_000 + 14 * HOUR, toMs: D0 + 8 * 86_400_000 + 18 * HOUR };

  it('averages the same window on prior days, skipping days of other events', () => {
    const other = { fromMs: D0 + 3 * 86_400_000, toMs: D0 + 4 * 86_400_000 };
    const baseline = drBaseline(event, readings, [other], 5)!;
    expect(baseline.baselineW).toBeCloseTo(2_000_000, 6);
    expect(baseline.days).toEqual(['2025-09-08', '2025-09-07', '2025-09-06', '2025-09-05']);
    expect(baseline.days).not.toContain('2025-09-04');
    expect(baseline.statement).toMatch(/prior day/);
  });

  it('gives none when no prior day was measured (no credit can be shown)', () => {
    expect(drBaseline(event, [], [], 5)).toBeUndefined();
  });
});

describe('the plan from the allocator’s stored runs', () => {
  it('averages planned TH/s over the decided time and prices FPPS per day', () => {
    const intervals = Array.from({ length: 96 }, (_, i) => ({
      startMs: D0 + i * 900_000,
      durationMs: 900_000,
      miningMw: i < 48 ? 1 : 0,
      gpuMw: 0.5,
    }));
    const planned = plannedSiteMonth('s', intervals, {
      fromMs: D0,
      toMs: D0 + 2 * 86_400_000,
      thsPerMw: 40_000,
      deployedThs: 30_000,
      pue: 1.1,
      poolFeeBps: 200n,
      network: (d) => (d === DAY ? NETWORK : undefined),
    });
    expect(planned.coverage).toBe(0.5);
    // Capped at deployed: 30 000 TH/s for half the day.
    expect(planned.operatingEhs).toBeCloseTo(0.015, 12);
    expect(planned.expectedSats).toBe(expectedDaySats(NETWORK, 15_000n * 10n ** 12n, 200n));
    expect(planned.energyWh).toBeCloseTo((1 * 12 + 0.5 * 24) * 1e6 * 1.1, 3);
  });
});

describe('actual postings', () => {
  const state = {
    closedMonths: new Set(['2025-09']),
    openDate: '2025-10-02',
    booked: new Map<string, bigint>(),
  };

  it('books energy at the metered cost and posts a revision as its difference, late into the open period', () => {
    const day = {
      siteId: 's',
      date: '2025-09-05',
      costMicroUsd: 1_000_000n,
      energyWh: 25_000,
      source: 'meter',
    };
    const first = meteredEnergyPosting(day, { ...state, closedMonths: new Set() })!;
    expect(first).toMatchObject({
      key: 'energy-metered:s:2025-09-05',
      date: '2025-09-05',
      unit: 'micro-usd',
    });
    expect(first.lines).toEqual([
      { account: 'energy-cost:s:metered', side: 'debit', amount: 1_000_000n },
      { account: 'energy-payable', side: 'credit', amount: 1_000_000n },
    ]);
    const revised = meteredEnergyPosting(
      { ...day, costMicroUsd: 900_000n, source: 'utility-csv' },
      { ...state, booked: new Map([['energy-metered:s:2025-09-05', 1_000_000n]]) },
    )!;
    expect(revised).toMatchObject({ key: 'energy-metered:s:2025-09-05:revised:900000', date: '2025-10-02' });
    expect(revised.lines[0]).toEqual({ account: 'energy-payable', side: 'debit', amount: 100_000n });
    expect(revised.memo).toMatch(/late: 2025-09 closed.*revised from 1\.000000 USD/);
  });

  it('books a performed DR credit, and nothing for a credit already booked', () => {
    const credit = { siteId: 's', eventId: 'e1', date: '2025-09-10', creditMicroUsd: 5n, reducedWh: 50n };
    expect(performedDrPosting(credit, { ...state, closedMonths: new Set() })!.lines[1]).toEqual({
      account: 'dr-credits',
      side: 'credit',
      amount: 5n,
    });
    expect(
      performedDrPosting(credit, { ...state, booked: new Map([['dr-performed:s:e1', 5n]]) }),
    ).toBeUndefined();
    expect(
      poolCreditPostings(
        [
          {
            siteId: 's',
            source: 'braiins',
            account: 'a',
            date: '2025-09-01',
            creditedSats: 0n,
            recordedAtMs: 0,
          },
        ],
        state,
      ),
    ).toEqual([]);
  });
});
