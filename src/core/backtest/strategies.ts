import { planSite } from '../allocator/plan-site.ts';
import { miningRevenueUsdPerMwh } from '../economics/mining-revenue.ts';
import type { Forecaster } from '../forecast/forecaster.ts';
import { persistence } from '../forecast/forecasters.ts';
import { ObservedHistory } from '../forecast/observed-history.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import { forecastSiteInput } from './forecast-site-input.ts';
import type { Setpoint, SiteState } from './settle-interval.ts';
import type { SiteGridMarket } from './site-grid-market.ts';
import type { SiteMarket } from './site-market.ts';
import type { SiteModel } from './site-model.ts';
import { sleepAbovePrices } from './sleep-rule.ts';

export interface StrategyContext {
  readonly model: SiteModel;
  readonly market: SiteMarket;
  readonly cell: number;
  readonly state: SiteState;
  /** The site's grid programmes on the planning grid, when it has any. */
  readonly grid?: SiteGridMarket;
}

export interface StrategyDecision {
  /** Setpoints for this cell and, when the strategy plans ahead, the next ones until its next decision. */
  readonly setpoints: readonly Setpoint[];
  readonly explanation: readonly string[];
}

/** A way of running a site: always on, a breakeven threshold, or the LP allocator on a forecaster. */
export interface Strategy {
  readonly name: string;
  decide(context: StrategyContext): StrategyDecision;
}

function allInterruptible(model: SiteModel): number[] {
  return model.gpuGroups.map((g) => g.count - g.committedGpus);
}

/** Every miner at full power whenever the site has power; the battery idles. */
export const alwaysOn: Strategy = {
  name: 'always-on',
  decide({ model }) {
    return {
      setpoints: [
        {
          minerMw: model.minerGroups.map((g) => g.segments.reduce((s, seg) => s + seg.maxMw, 0)),
          chargeMw: 0,
          dischargeMw: 0,
          interruptibleGpus: allInterruptible(model),
        },
      ],
      explanation: ['all miners on'],
    };
  },
};

/**
 * What fleets do today: each group runs at nameplate while the last known power price is at or
 * below its breakeven at the last known hashprice, and sleeps above it. The battery idles.
 */
export const breakevenThreshold: Strategy = {
  name: 'breakeven',
  decide({ model, market, cell }) {
    const price = market.priceKnownAhead
      ? market.importPrice.values[cell]!
      : persistence.forecast({ history: new ObservedHistory(market.exportPrice, cell), cells: 1 })[0]! +
        market.importAdderUsdPerMwh;
    const hashprice = persistence.forecast({
      history: new ObservedHistory(market.hashpriceUsdPerThDay, cell),
      cells: 1,
    })[0]!;
    const explanation: string[] = [];
    const minerMw = model.minerGroups.map((group) => {
      const breakeven = miningRevenueUsdPerMwh({
        hashpriceUsdPerThDay: hashprice,
        efficiencyJPerTh: group.nameplateEfficiencyJPerTh,
        poolFeePercent: model.site.pool.feePercent,
        pue: model.site.pue,
      });
      const on = market.importLimitMw[cell]! > 0 ? price <= breakeven : true;
      explanation.push(
        `${group.model} ${on ? 'on' : 'asleep'}: power $${Math.round(price)} vs breakeven $${Math.round(breakeven)}`,
      );
      return on ? group.segments.reduce((s, seg) => s + seg.maxMw, 0) : 0;
    });
    return {
      setpoints: [{ minerMw, chargeMw: 0, dischargeMw: 0, interruptibleGpus: allInterruptible(model) }],
      explanation,
    };
  },
};

export interface LpStrategyOptions {
  readonly horizonCells: number;
  /** Re-plan every this many cells, applying the plan's decisions in between (1 = every interval). */
  readonly resolveEvery: number;
  readonly timeLimitSeconds: number;
}

/** The LP allocator in a receding horizon: plan on the forecaster, apply the first interval(s), move on. */
export function lpStrategy(forecaster: Forecaster, solver: LpSolver, options: LpStrategyOptions): Strategy {
  return {
    name: forecaster.usesFuture ? 'perfect-foresight' : `lp-${forecaster.name}`,
    decide({ model, market, cell, state }) {
      const input = forecastSiteInput(model, market, cell, state, forecaster, options.horizonCells);
      const plan = planSite(input, solver, { timeLimitSeconds: options.timeLimitSeconds });
      const setpoints = plan.decisions.slice(0, Math.max(1, options.resolveEvery)).map((decision) => {
        const minerMw = model.minerGroups.map((g) => decision.minerMw[g.id] ?? 0);
        return {
          minerMw,
          chargeMw: decision.chargeMw,
          dischargeMw: decision.dischargeMw,
          interruptibleGpus: model.gpuGroups.map((g) => decision.interruptibleGpus[g.id] ?? 0),
          sleepAbovePriceUsdPerMwh:
            forecaster.usesFuture || market.priceKnownAhead
              ? undefined
              : sleepAbovePrices(model, input.hashpriceUsdPerThDay[0]!, minerMw),
        };
      });
      return { setpoints, explanation: plan.explanation };
    },
  };
}
