import { describe, expect, it } from 'vitest';
import { expectedDaySats, type NetworkDay } from '../accounting/network-day.ts';
import type { SiteMinute } from '../ports/storage.ts';
import { checkEarnings } from './earnings-check.ts';
import { meteredEnergyCost } from './energy-cost.ts';
import { performedDrCredit } from './performed-dr-credit.ts';
import { siteDayEnergy } from './site-day-energy.ts';
import { siteDayHashrate } from './site-day-hashrate.ts';

const DAY = '2025-09-01';
const D0 = Date.parse(`${DAY}T00:00:00Z`);
const MIN = 60_000;

function minute(i: number, ths: number, up = 10, down = 0, w = 35_000): SiteMinute {
  return {
    siteId: 's',
    minuteMs: D0 + i * MIN,
    hashrateThs: ths,
    miningPowerW: w,
    aiPowerW: 0,
    maxTempC: 70,
    devicesUp: up,
    devicesDown: down,
    readings: 1,
  };
}

// Difficulty 1e14 exactly, 3.125 BTC subsidy, 0.1 BTC fees per block on average.
const NETWORK: NetworkDay = {
  date: DAY,
  difficultyScaled: 100_000_000_000_000n * 100_000_000n,
  subsidySatsPerBlock: 312_500_000n,
  feesSats: 1_440_000_000n,
  feeBlocks: 144n,
  feesEstimated: false,
  blockCount: 144,
};

describe('site-day hashrate from stored minutes', () => {
  it('averages the reported minutes and says how much of the day they cover', () => {
    const minutes = [
      ...Array.from({ length: 720 }, (_, i) => minute(i, 2_000, 10)),
      ...Array.from({ length: 720 }, (_, i) => minute(720 + i, 1_000, 5, 5)),
    ];
    const day = siteDayHashrate('s', DAY, minutes);
    expect(day.averageThs).toBe(1_500);
    expect(day.coverage).toBe(1);
    expect(day.uptimeShare).toBe(0.75);
    expect(day.devicesReporting).toBe(7.5);
  });

  it('a day without telemetry is a gap (null), never 0', () => {
    const day = siteDayHashrate('s', DAY, [minute(-5, 100)]);
    expect(day).toMatchObject({
      minutesReported: 0,
      averageThs: null,
      uptimeShare: null,
      averageItPowerW: null,
    });
  });
});

describe('site-day energy: utility, then meter, then labelled device sum', () => {
  const devices = { averageItPowerW: 1_000_000, minutesReported: 1_440, pue: 1.1 };

  it('takes the 96 utility quarter-hours when present', () => {
    const utility = Array.from({ length: 96 }, (_, i) => ({
      siteId: 's',
      source: 'utility-csv' as const,
      startMs: D0 + i * 900_000,
      endMs: D0 + (i + 1) * 900_000,
      energyWh: 275_000,
    }));
    expect(siteDayEnergy({ siteId: 's', date: DAY, utility, meter: [], devices })).toMatchObject({
      energyWh: 26_400_000,
      source: 'utility-csv',
      coverage: 1,
    });
  });

  it('takes the meter register delta, extended to the day edges at the power read there', () => {
    const meter = Array.from({ length: 1_440 }, (_, i) => ({
      siteId: 's',
      minuteMs: D0 + i * MIN,
      reading: {
        atMs: D0 + i * MIN + 30_000,
        activePowerW: 1_100_000,
        importedEnergyWh: 5_000 + (i * 1_100_000) / 60,
        exportedEnergyWh: 0,
      },
    }));
    const energy = siteDayEnergy({ siteId: 's', date: DAY, utility: [], meter, devices });
    expect(energy.source).toBe('meter');
    expect(energy.energyWh).toBe(26_400_000);
  });

  it('falls back to device power x PUE, labelled, when the meter was silent; null when nothing measured', () => {
    expect(siteDayEnergy({ siteId: 's', date: DAY, utility: [], meter: [], devices })).toMatchObject({
      energyWh: 26_400_000,
      source: 'device-sum',
    });
    expect(
      siteDayEnergy({
        siteId: 's',
        date: DAY,
        utility: [],
        meter: [],
        devices: { averageItPowerW: null, minutesReported: 0, pue: 1 },
      }),
    ).toMatchObject({ energyWh: null, source: null });
  });
});

describe('expected vs actual earnings', () => {
  const hs = 1_000n * 10n ** 15n; // 1 EH/s
  const expected = expectedDaySats(NETWORK, hs, 200n);

  it('is within tolerance when the credit matches FPPS on the measured hashrate', () => {
    const check = checkEarnings({
      siteId: 's',
      date: DAY,
      measuredHashrateHs: hs,
      network: NETWORK,
      poolFeeBps: 200n,
      creditedSats: expected,
    });
    expect(check).toMatchObject({
      withinTolerance: true,
      cause: null,
      deviationBps: 0n,
      expectedSats: expected,
    });
  });

  it('names the likely cause outside tolerance', () => {
    const low = (expected * 90n) / 100n;
    const common = { siteId: 's', date: DAY, measuredHashrateHs: hs, network: NETWORK, poolFeeBps: 200n };
    expect(checkEarnings({ ...common, creditedSats: null }).cause).toBe('credit-missing');
    expect(checkEarnings({ ...common, creditedSats: low, poolHashrateHs: (hs * 9n) / 10n }).cause).toBe(
      'pool-hashrate-below-agent',
    );
    expect(checkEarnings({ ...common, creditedSats: low, poolHashrateHs: hs, rejectedBps: 900n }).cause).toBe(
      'rejected-shares',
    );
    expect(checkEarnings({ ...common, creditedSats: low }).cause).toBe('pool-side-loss');
    expect(checkEarnings({ ...common, measuredHashrateHs: null, creditedSats: low }).cause).toBe(
      'no-telemetry',
    );
  });
});

describe('metered energy cost and performed DR credits', () => {
  it('prices each interval exactly and keeps unpriced energy apart', () => {
    const cost = meteredEnergyCost(
      [
        { startMs: 0, energyWh: 250_000 },
        { startMs: 1, energyWh: 1 },
      ],
      (start) => (start === 0 ? 45_500_000n : undefined),
    );
    expect(cost).toEqual({ costMicroUsd: 11_375_000n, pricedWh: 250_000n, unpricedWh: 1n });
  });

  it('credits the measured reduction below the stated baseline, and nothing when the meter was silent', () => {
    const event = {
      siteId: 's',
      eventId: 'e1',
      fromMs: 0,
      toMs: 3_600_000,
      baselineW: 2_000_000,
      creditMicroUsdPerMwh: 100_000_000n,
    };
    const readings = Array.from({ length: 60 }, (_, i) => ({ atMs: i * MIN, activePowerW: 500_000 }));
    expect(performedDrCredit(event, readings)).toMatchObject({
      measuredWh: 500_000n,
      baselineWh: 2_000_000n,
      reducedWh: 1_500_000n,
      creditMicroUsd: 150_000_000n,
    });
    const silent = performedDrCredit(event, readings.slice(0, 10));
    expect(silent).toMatchObject({ measuredWh: null, creditMicroUsd: 0n });
    expect(silent.coverage).toBeLessThan(0.95);
  });
});
