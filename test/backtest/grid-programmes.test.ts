import { beforeAll, describe, expect, it } from 'vitest';
import { FakeMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { runBacktest } from '../../src/core/backtest/run-backtest.ts';
import type { IntervalOutcome } from '../../src/core/backtest/settle-interval.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import { TimeSeries } from '../../src/core/market/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2024-07-01T00:00:00Z');
const DAYS = 14;
// An EEA2 on day 9, 19:00-21:00 CDT (00:00-02:00Z on day 10), and a conservation appeal before it.
const EEA_FROM = START + 10 * DAY;
const EEA_TO = EEA_FROM + 2 * HOUR;

/**
 * A shaped summer fortnight: power $20 at night, $40 by day, $600 on the evening of day 9 (the EEA);
 * system load peaking at 17:00 CDT (22:00Z) and hottest on day 6; RRS $12 and ECRS $25 per MW-h,
 * $300 during the EEA evening. Hashprice ~ $50/PH/day: an S19j Pro breaks even near $69/MWh.
 */
function market(): FakeMarketData {
  const price: { startMs: number; value: number }[] = [];
  const load: { startMs: number; value: number }[] = [];
  const rrs: { startMs: number; value: number }[] = [];
  const ecrs: { startMs: number; value: number }[] = [];
  for (let i = 0; i < DAYS * 24; i++) {
    const ms = START + i * HOUR;
    const hour = new Date(ms).getUTCHours();
    const day = Math.floor(i / 24);
    const tight = ms >= EEA_FROM - 4 * HOUR && ms < EEA_TO;
    price.push({ startMs: ms, value: tight ? 600 : hour >= 12 ? 40 : 20 });
    const fromPeak = Math.min(Math.abs(hour - 22), 24 - Math.abs(hour - 22));
    const shape = Math.exp(-(fromPeak ** 2) / 18);
    load.push({ startMs: ms, value: (60_000 + 20_000 * shape) * (day === 6 ? 1.04 : 1 + 0.002 * day) });
    rrs.push({ startMs: ms, value: tight ? 300 : 12 });
    ecrs.push({ startMs: ms, value: tight ? 300 : 25 });
  }
  const days = Array.from({ length: DAYS }, (_, d) => ({
    date: new Date(START + d * DAY).toISOString().slice(0, 10),
    priceUsd: 60_000,
    difficulty: 8e13,
    hashrateEhs: null,
    blockCount: 144,
    feesBtc: 144 * 0.1,
    subsidyBtc: 144 * 3.125,
  }));
  const dayStart = START + 9 * DAY + 5 * HOUR;
  return new FakeMarketData()
    .withBtcDays(days)
    .withDifficultyEpochs([{ height: 840_672, startDate: '2024-04-24', difficulty: 8e13 }])
    .withPriceSeries(TimeSeries.fromPoints('test_rt', 'USD/MWh', HOUR, price), 'USD')
    .withSystemLoad(TimeSeries.fromPoints('system_load', 'MW', HOUR, load))
    .withAncillaryPrices('rrs', TimeSeries.fromPoints('as_rrs', 'USD/MW-h', HOUR, rrs))
    .withAncillaryPrices('ecrs', TimeSeries.fromPoints('as_ecrs', 'USD/MW-h', HOUR, ecrs))
    .withGridEvents([
      {
        date: '2024-07-10',
        type: 'conservation_appeal',
        fromMs: EEA_FROM - 2 * HOUR,
        toMs: EEA_TO,
        dayStartMs: dayStart,
        dayEndMs: dayStart + DAY,
        detail: 'test appeal',
        confidence: 'high',
      },
      {
        date: '2024-07-10',
        type: 'EEA2',
        fromMs: EEA_FROM,
        toMs: EEA_TO,
        dayStartMs: dayStart,
        dayEndMs: dayStart + DAY,
        detail: 'test EEA2',
        confidence: 'high',
      },
    ])
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
        id: 'tx-grid',
        name: 'Test',
        region: 'north-america',
        country: 'US',
        timeZone: 'America/Chicago',
        coordinates: { lat: 32, lon: -102 },
        grid: { importMw: 25 },
        supply: [{ kind: 'market', series: 'test_rt', adderPerMwh: 2 }],
        battery: { capacityMwh: 6, chargeMw: 3, dischargeMw: 3, roundTripEfficiency: 0.9 },
        rampMwPerInterval: 8,
        minerGroups: [
          { id: 's21', model: 'Antminer S21', count: 3000, firmware: 'braiins-os' },
          { id: 's19', model: 'Antminer S19j Pro', count: 3000, firmware: 'antminer-stock' },
        ],
        gpuNodes: [{ id: 'h100', model: 'H100 SXM', count: 800, wattsPerGpu: 700, idleWattsPerGpu: 70 }],
        pool: { name: 'pool', feePercent: 2 },
        gridProgrammes: {
          fixedPriceBlock: { blockMw: 15, pricePerMwh: 28 },
          ancillary: {
            services: [
              { service: 'rrs', maxMw: 6, responseSeconds: 0.3 },
              { service: 'ecrs', maxMw: 8, responseSeconds: 60 },
            ],
          },
          fourCp: { usdPerKwMonth: 5.5 },
          emergencyResponse: { standbyMw: 2, usdPerMwHour: 7, rampMinutes: 30 },
          voluntaryConservation: { creditUsdPerMwh: 20 },
        },
      },
    ],
  },
  'test fleet',
);

let solver: HighsSolver;
beforeAll(async () => {
  solver = await HighsSolver.load();
});

const strategies = ['always-on', 'breakeven+4cp', 'lp-same-time-yesterday+programmes', 'perfect-foresight'];
const outcomes = new Map<string, IntervalOutcome[]>();
let result: ReturnType<typeof runBacktest>;

describe('backtest with grid programmes', () => {
  beforeAll(() => {
    result = runBacktest(
      {
        fleet,
        fromMs: START + 2 * DAY,
        toMs: START + 12 * DAY,
        strategies,
        cellMinutes: 60,
        gpuCommittedShare: 0.5,
      },
      {
        market: market(),
        solver,
        sink: {
          interval: (strategy, _site, outcome) => {
            const list = outcomes.get(strategy) ?? [];
            list.push(outcome);
            outcomes.set(strategy, list);
          },
        },
      },
    );
  });

  it('ranks perfect foresight >= LP with programmes >= breakeven+4cp >= always-on', () => {
    const usd = (name: string) => result.fleet[name]!.usdEarned;
    expect(usd('perfect-foresight')).toBeGreaterThanOrEqual(usd('lp-same-time-yesterday+programmes') - 1e-6);
    expect(usd('lp-same-time-yesterday+programmes')).toBeGreaterThanOrEqual(usd('breakeven+4cp'));
    expect(usd('breakeven+4cp')).toBeGreaterThanOrEqual(usd('always-on'));
  });

  it('never holds more capacity than the curtailable load of its interval, in any strategy', () => {
    for (const strategy of strategies) {
      for (const outcome of outcomes.get(strategy)!) {
        const p = outcome.programmes!;
        expect(p.heldUpMw).toBeLessThanOrEqual(p.curtailableMw + 1e-6);
        // Committed GPU load is never curtailable: the curtailable load is mining x PUE, the delivered
        // reduction and the battery's headroom only.
        expect(p.curtailableMw).toBeLessThanOrEqual(
          outcome.miningMw * 1.05 + p.deliveredMw + 3 + outcome.chargeMw + 1e-6,
        );
      }
    }
  });

  it('the LP sells capacity, and honours the EEA deployment by cutting the awarded MW', () => {
    const lp = outcomes.get('lp-same-time-yesterday+programmes')!;
    expect(lp.reduce((s, o) => s + o.programmes!.ancillaryUsd, 0)).toBeGreaterThan(0);
    const eea = lp.filter((o) => o.startMs >= EEA_FROM && o.startMs < EEA_TO);
    expect(eea).toHaveLength(2);
    for (const o of eea) {
      expect(o.programmes!.deployedMw).toBeGreaterThan(0);
      expect(o.programmes!.deliveredMw).toBeCloseTo(o.programmes!.deployedMw, 6);
    }
  });

  it('settles 4CP at the month peak: breakeven+4cp pays less than always-on and books the avoided charge', () => {
    const paid = (s: string) => outcomes.get(s)!.reduce((sum, o) => sum + o.programmes!.fourCpPaidUsd, 0);
    const avoided = (s: string) =>
      outcomes.get(s)!.reduce((sum, o) => sum + o.programmes!.fourCpAvoidedUsd, 0);
    expect(paid('always-on')).toBeGreaterThan(0);
    expect(paid('breakeven+4cp')).toBeLessThan(paid('always-on'));
    expect(avoided('breakeven+4cp')).toBeGreaterThan(0);
    expect(avoided('perfect-foresight')).toBeGreaterThan(0);
  });

  it('reports each revenue line per month, summing to the strategy totals', () => {
    const site = result.sites[0]!;
    for (const strategy of strategies) {
      const months = site.revenueStack![strategy]!;
      expect(months.map((m) => m.month)).toEqual(['2024-07']);
      const net = months.reduce((s, m) => s + m.netUsd, 0);
      expect(net).toBeCloseTo(site.byStrategy[strategy]!.usdEarned, 4);
      const m = months[0]!;
      expect(m.sellBackUsd).toBeGreaterThan(0);
      expect(m.drUsd).toBeGreaterThan(0);
      const lines =
        m.miningUsd +
        m.gpuUsd +
        m.exportUsd +
        m.sellBackUsd +
        m.ancillaryUsd +
        m.drUsd -
        m.fourCpPaidUsd -
        m.energyCostUsd -
        m.otherCostUsd;
      expect(lines).toBeCloseTo(m.netUsd, 4);
    }
  });
});
