import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFleetFile } from '../../src/adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { runBacktest } from '../../src/core/backtest/run-backtest.ts';
import type { IntervalOutcome } from '../../src/core/backtest/settle-interval.ts';

/**
 * The West Texas example on the real ERCOT data (../shared/data: HB_WEST real-time and day-ahead
 * prices, DAM AS clearing prices, Native Load, grid events) over 2023-09-05..07, the days of the
 * 2023-09-06 EEA2 (19:25-20:27 CDT) and the ERS deployment before it.
 */
const fleetFile = fileURLToPath(new URL('../../examples/west-texas-programmes.yaml', import.meta.url));
const EEA2_FROM = Date.parse('2023-09-07T00:25:00Z');
const EEA_END = Date.parse('2023-09-07T01:37:00Z');
const outcomes = new Map<string, IntervalOutcome[]>();
let result: ReturnType<typeof runBacktest>;

beforeAll(async () => {
  const [market, solver] = await Promise.all([ReplayMarketData.load(dataDirFromEnv()), HighsSolver.load()]);
  result = runBacktest(
    {
      fleet: loadFleetFile(fleetFile),
      fromMs: Date.parse('2023-09-05T00:00:00Z'),
      toMs: Date.parse('2023-09-08T00:00:00Z'),
      strategies: ['always-on', 'breakeven+4cp', 'lp-day-ahead+programmes', 'perfect-foresight'],
      cellMinutes: 60,
    },
    {
      market,
      solver,
      sink: {
        interval: (strategy, _site, outcome) => {
          outcomes.set(strategy, [...(outcomes.get(strategy) ?? []), outcome]);
        },
      },
    },
  );
});

describe('grid programmes on the real ERCOT days of the 2023-09-06 EEA', () => {
  it('books more than always-on with the programmes, perfect foresight the most', () => {
    const usd = (s: string) => result.fleet[s]!.usdEarned;
    // Over three days the order of the LP and breakeven+4cp depends on the price forecast; the year
    // runs (docs/DATA.md, the issue report) hold perfect >= LP >= breakeven+4cp >= always-on.
    for (const s of ['breakeven+4cp', 'lp-day-ahead+programmes'])
      expect(usd('perfect-foresight')).toBeGreaterThanOrEqual(usd(s));
    expect(usd('lp-day-ahead+programmes')).toBeGreaterThan(usd('always-on'));
  });

  it('honours the EEA deployment in full and never holds more than the curtailable load', () => {
    for (const [strategy, list] of outcomes) {
      for (const o of list) {
        expect(o.programmes!.heldUpMw, strategy).toBeLessThanOrEqual(o.programmes!.curtailableMw + 1e-6);
        expect(o.programmes!.deliveredMw, strategy).toBeCloseTo(o.programmes!.deployedMw, 6);
      }
    }
    for (const [strategy, list] of outcomes) {
      const eea = list.filter((o) => o.startMs + 3_600_000 > EEA2_FROM && o.startMs < EEA_END);
      expect(eea.length).toBe(2);
      // In the EEA every MW of capacity held (RRS, ECRS, ERS standby) is deployed and delivered.
      for (const o of eea) expect(o.programmes!.deployedMw, strategy).toBeCloseTo(o.programmes!.heldUpMw, 6);
    }
    // Always-on runs its miners through the EEA, so its 10 MW ERS standby is deployed: mining drops by it.
    const alwaysOn = outcomes
      .get('always-on')!
      .filter((o) => o.startMs + 3_600_000 > EEA2_FROM && o.startMs < EEA_END);
    for (const o of alwaysOn) expect(o.programmes!.deliveredMw).toBeCloseTo(10, 6);
  });

  it('credits the unused block at the real-time price and names the deployment rules used', () => {
    const sellBack = (s: string) => result.sites[0]!.revenueStack![s]![0]!.sellBackUsd;
    expect(sellBack('breakeven+4cp')).toBeGreaterThan(sellBack('always-on'));
    expect(result.sites[0]!.notes.join('\n')).toMatch(/ERS deployment without times/);
  });
});
