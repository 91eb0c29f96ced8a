import { beforeAll, describe, expect, it } from 'vitest';
import { FakeMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { runBacktest, strategyNames } from '../../src/core/backtest/run-backtest.ts';
import type { IntervalOutcome } from '../../src/core/backtest/settle-interval.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import { TimeSeries } from '../../src/core/market/index.ts';

const DAY_MS = 86_400_000;
const START = Date.parse('2024-06-01T00:00:00Z');
const DAYS = 14;

/**
 * A synthetic but shaped market: cheap nights ($15), ordinary days ($45) and a $900 evening spike
 * (19:00-21:00 UTC) every third day, hashprice ~ $50/PH/day. An S21 (17.5 J/TH) breaks even
 * near $116/MWh, an S19j Pro near $69/MWh.
 */
function fakeMarket(): FakeMarketData {
  const points: { startMs: number; value: number }[] = [];
  for (let i = 0; i < DAYS * 96; i++) {
    const ms = START + i * 900_000;
    const hour = new Date(ms).getUTCHours();
    const day = Math.floor(i / 96);
    let value = hour < 6 ? 15 : 45 + (i % 7);
    if (day % 3 === 2 && hour >= 19 && hour < 21) value = 900;
    points.push({ startMs: ms, value });
  }
  const days = Array.from({ length: DAYS }, (_, d) => ({
    date: new Date(START + d * DAY_MS).toISOString().slice(0, 10),
    priceUsd: 60_000,
    difficulty: 8e13,
    hashrateEhs: null,
    blockCount: 144,
    feesBtc: 144 * 0.1,
    subsidyBtc: 144 * 3.125,
  }));
  return new FakeMarketData()
    .withBtcDays(days)
    .withDifficultyEpochs([{ height: 840_672, startDate: '2024-04-24', difficulty: 8e13 }])
    .withPriceSeries(TimeSeries.fromPoints('test_rt', 'USD/MWh', 900_000, points), 'USD')
    .withMinerModels([
      { model: 'Antminer S21', vendor: 'Bitmain', hashrateThs: 200, powerW: 3500, efficiencyJPerTh: 17.5 },
      {
        model: 'Antminer S19j Pro',
        vendor: 'Bitmain',
        hashrateThs: 104,
        powerW: 3068,
        efficiencyJPerTh: 29.5,
      },
    ]);
}

const fleet = parseFleet(
  {
    version: 1,
    sites: [
      {
        id: 'tx-test',
        name: 'Test',
        region: 'north-america',
        country: 'US',
        timeZone: 'America/Chicago',
        coordinates: { lat: 32, lon: -102 },
        grid: { importMw: 20, exportMw: 4 },
        supply: [{ kind: 'market', series: 'test_rt', adderPerMwh: 3 }],
        battery: {
          capacityMwh: 8,
          chargeMw: 4,
          dischargeMw: 4,
          roundTripEfficiency: 0.9,
          cycleCostPerMwh: 5,
        },
        minerGroups: [
          {
            id: 's21',
            model: 'Antminer S21',
            count: 2000,
            firmware: 'braiins-os',
            powerTargetW: { minW: 2500, maxW: 3500 },
          },
          { id: 's19', model: 'Antminer S19j Pro', count: 3000, firmware: 'antminer-stock' },
        ],
        pool: { name: 'pool', feePercent: 2 },
      },
    ],
  },
  'test fleet',
);

let solver: HighsSolver;
beforeAll(async () => {
  solver = await HighsSolver.load();
});

function run(
  strategies: readonly string[],
  sink?: (s: string, o: IntervalOutcome, e?: readonly string[]) => void,
  resolveEvery = 1,
) {
  return runBacktest(
    { fleet, fromMs: START + 2 * DAY_MS, toMs: START + 12 * DAY_MS, strategies, resolveEvery },
    {
      market: fakeMarket(),
      solver,
      sink: sink
        ? { interval: (strategy, _site, outcome, explanation) => sink(strategy, outcome, explanation) }
        : undefined,
    },
  );
}

describe('runBacktest', () => {
  it('ranks perfect foresight >= LP >= breakeven >= always-on', () => {
    const result = run(['always-on', 'breakeven', 'lp-same-time-yesterday', 'perfect-foresight']);
    const usd = (name: string) => result.fleet[name]!.usdEarned;
    expect(usd('perfect-foresight')).toBeGreaterThanOrEqual(usd('lp-same-time-yesterday') - 1e-6);
    expect(usd('lp-same-time-yesterday')).toBeGreaterThanOrEqual(usd('breakeven'));
    expect(usd('breakeven')).toBeGreaterThanOrEqual(usd('always-on'));
    expect(result.fleet['always-on']!.curtailedHours).toBe(0);
    expect(result.fleet['always-on']!.intervals).toBe(10 * 96);
  });

  it('sleeps miners and discharges the battery through a price spike', () => {
    const spike: IntervalOutcome[] = [];
    run(['perfect-foresight'], (_s, outcome) => {
      if (outcome.importPriceUsdPerMwh > 500) spike.push(outcome);
    });
    expect(spike.length).toBeGreaterThan(0);
    for (const outcome of spike) expect(outcome.miningMw).toBe(0);
    expect(spike.some((o) => o.dischargeMw > 1)).toBe(true);
  });

  it('is deterministic', () => {
    const a = run(['lp-day-ahead', 'breakeven']);
    const b = run(['lp-day-ahead', 'breakeven']);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('streams every interval with an explanation at each decision', () => {
    let count = 0;
    let explained = 0;
    run(['lp-persistence'], (_s, _o, explanation) => {
      count++;
      if (explanation && explanation.length > 0) explained++;
    });
    expect(count).toBe(10 * 96);
    expect(explained).toBe(count);
  });

  it('reports per month the share of the breakeven-to-perfect gap each strategy closes and where the rest went', () => {
    const result = run(['breakeven', 'lp-learned-hedged', 'perfect-foresight']);
    const regret = result.sites[0]!.regret;
    const all = (strategy: string) => regret.find((r) => r.month === 'all' && r.strategy === strategy)!;
    expect(new Set(regret.map((r) => r.month))).toEqual(new Set(['2024-06', 'all']));
    expect(all('perfect-foresight').gapClosed).toBe(1);
    expect(all('breakeven').gapClosed).toBe(0);
    const lp = all('lp-learned-hedged');
    expect(lp.usdEarned).toBeCloseTo(result.fleet['lp-learned-hedged']!.usdEarned, 6);
    expect(lp.gapClosed!).toBeGreaterThan(0);
    const lost = Object.values(lp.lost).reduce((a, b) => a + b, 0);
    expect(lost).toBeCloseTo(lp.perfectUsd - lp.usdEarned, 6);
    // Every interval was planned: nothing is lost to the re-plan cadence.
    expect(lp.lost.replanCadenceUsd).toBe(0);
  });

  it('between plans, the plan-set sleep rule puts miners to sleep once a spike price is seen', () => {
    const outcomes: IntervalOutcome[] = [];
    run(['lp-same-time-yesterday'], (_s, outcome) => outcomes.push(outcome), 8);
    let checked = 0;
    for (let i = 1; i < outcomes.length; i++) {
      if (outcomes[i - 1]!.importPriceUsdPerMwh > 500) {
        expect(outcomes[i]!.miningMw).toBe(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('refuses an unknown strategy, naming the known ones', () => {
    expect(() => run(['magic'])).toThrow(/unknown strategy "magic" \(known: always-on, breakeven/);
    expect(strategyNames).toContain('lp-day-ahead');
  });

  it('refuses dates outside the data with a clear error', () => {
    expect(() =>
      runBacktest(
        { fleet, fromMs: START + 2 * DAY_MS, toMs: START + 30 * DAY_MS, strategies: ['always-on'] },
        { market: fakeMarket(), solver },
      ),
    ).toThrow(/site tx-test: no power price at 2024-06-15T00:00:00.000Z/);
  });
});
