import { prorateMonthlyCharges } from '../../core/backtest/prorate-monthly-charges.ts';
import { runBacktest } from '../../core/backtest/run-backtest.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { LpSolver } from '../../core/ports/lp-solver.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { StrategyComparison } from '../contracts/allocation-contract.ts';
import type { FleetService } from './fleet-service.ts';

const DAY_MS = 86_400_000;
/** What fleets do today, the allocator as it runs live, and the upper bound. */
export const COMPARED_STRATEGIES = ['always-on', 'breakeven', 'lp-day-ahead', 'perfect-foresight'] as const;
/** Re-plan every hour (4 intervals): a quarter of the solves, within about 2 % of re-planning every interval. */
const RESOLVE_EVERY = 4;

/**
 * What each strategy would have earned at a site yesterday (server clock), by backtesting that day
 * on the real prices. One site-day costs a few hundred milliseconds; results are kept per site and
 * day, so the allocator page can ask for them freely.
 */
export class StrategyComparisonService {
  private readonly cache = new Map<string, Promise<StrategyComparison>>();

  constructor(
    private readonly deps: {
      market: MarketData;
      solver: LpSolver;
      fleet: FleetService;
      nowMs: () => number;
    },
  ) {}

  compare(siteId: string): Promise<StrategyComparison> {
    const toMs = Math.floor(this.deps.nowMs() / DAY_MS) * DAY_MS;
    const key = `${siteId}:${toMs}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.run(siteId, toMs - DAY_MS, toMs);
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(key, result);
      result.catch(() => this.cache.delete(key));
    }
    return result;
  }

  private async run(siteId: string, fromMs: number, toMs: number): Promise<StrategyComparison> {
    const fleet = await this.deps.fleet.fleet();
    if (!fleet?.sites.some((s) => s.id === siteId))
      throw new SwitchyardError('SY_ERR_NOT_FOUND', `no site ${siteId}`, { siteId });
    const started = performance.now();
    const result = runBacktest(
      {
        fleet,
        siteIds: [siteId],
        fromMs,
        toMs,
        strategies: COMPARED_STRATEGIES,
        resolveEvery: RESOLVE_EVERY,
      },
      { market: this.deps.market, solver: this.deps.solver },
    );
    const site = result.sites[0]!;
    return {
      siteId,
      fromMs,
      toMs,
      resolveEvery: RESOLVE_EVERY,
      strategies: result.strategies.map((name) => ({
        name,
        ...prorateMonthlyCharges(site.byStrategy[name]!, fromMs, toMs),
      })),
      notes: [
        ...result.notes,
        ...site.notes,
        ...(result.strategies.some((name) => site.byStrategy[name]!.demandChargeUsd > 0)
          ? [
              "The site's demand charge is monthly: the day carries its share of the month (days in the day / days in the month); the whole month's charge, as the day's peak sets it, is shown apart.",
            ]
          : []),
      ],
      computedInMs: Math.round(performance.now() - started),
    };
  }
}
