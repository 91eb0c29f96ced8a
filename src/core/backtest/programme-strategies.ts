import type { GridProductsInput } from '../allocator/grid-products-input.ts';
import { planSite } from '../allocator/plan-site.ts';
import { loadReducingServices } from '../fleet/grid-programmes-schema.ts';
import type { Forecaster } from '../forecast/forecaster.ts';
import { forecastFourCpProbability } from '../forecast/four-cp-forecaster.ts';
import { ObservedHistory } from '../forecast/observed-history.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import { forecastSiteInput } from './forecast-site-input.ts';
import type { SiteGridMarket } from './site-grid-market.ts';
import type { SiteMarket } from './site-market.ts';
import { breakevenThreshold, type LpStrategyOptions, type Strategy } from './strategies.ts';

const DAY_MINUTES = 1440;

/**
 * What fleets do today: the breakeven rule, plus every miner asleep in the site's 4CP policy hours
 * when the forecast probability of a system peak reaches the policy's threshold. Offers no capacity.
 */
export const breakevenFourCp: Strategy = {
  name: 'breakeven+4cp',
  decide(context) {
    const decision = breakevenThreshold.decide(context);
    const { grid, cell } = context;
    const fourCp = grid?.programmes.fourCp;
    if (!grid || !fourCp) return decision;
    const hour = grid.calendar.hour[cell]!;
    const { hours, probabilityThreshold } = fourCp.policy;
    if (!fourCp.months.includes(grid.calendar.month[cell]!) || hour < hours.fromHour || hour >= hours.toHour)
      return decision;
    const p = forecastFourCpProbability({
      load: new ObservedHistory(grid.systemLoad, cell),
      calendar: grid.calendar,
      cells: 1,
      months: fourCp.months,
    })[0]!;
    if (p < probabilityThreshold) return decision;
    return {
      setpoints: decision.setpoints.map((s) => ({ ...s, minerMw: s.minerMw.map(() => 0) })),
      explanation: [
        `4CP: ${(p * 100).toFixed(0)}% chance this hour is the month's system peak (policy ${(probabilityThreshold * 100).toFixed(0)}%): miners asleep`,
      ],
    };
  },
};

/**
 * The LP allocator with the site's programmes: the block's sell-back, ancillary capacity by service,
 * the expected 4CP charge and ERS standby, all in one plan. Perfect foresight sees actual capacity
 * prices and the actual peaks; the others see day-ahead capacity prices once published (else the
 * same hour of the last published day) and the causal 4CP forecast.
 */
export function lpWithProgrammes(
  forecaster: Forecaster,
  solver: LpSolver,
  options: LpStrategyOptions,
): Strategy {
  return {
    name: forecaster.usesFuture ? 'perfect-foresight' : `lp-${forecaster.name}+programmes`,
    decide({ model, market, cell, state, grid }) {
      const base = forecastSiteInput(model, market, cell, state, forecaster, options.horizonCells);
      const input = grid
        ? {
            ...base,
            gridProducts: gridProductsAt(market, grid, cell, base.intervals, forecaster.usesFuture),
          }
        : base;
      const plan = planSite(input, solver, { timeLimitSeconds: options.timeLimitSeconds });
      const setpoints = plan.decisions.slice(0, Math.max(1, options.resolveEvery)).map((decision) => ({
        minerMw: model.minerGroups.map((g) => decision.minerMw[g.id] ?? 0),
        chargeMw: decision.chargeMw,
        dischargeMw: decision.dischargeMw,
        interruptibleGpus: model.gpuGroups.map((g) => decision.interruptibleGpus[g.id] ?? 0),
        ...(grid ? { ancillaryMw: grid.services.map((s) => decision.ancillaryMw?.[s.service] ?? 0) } : {}),
      }));
      return { setpoints, explanation: plan.explanation };
    },
  };
}

/** The grid products over the horizon from what is known at `cell` (everything, for perfect foresight). */
export function gridProductsAt(
  market: SiteMarket,
  grid: SiteGridMarket,
  cell: number,
  n: number,
  perfect: boolean,
): GridProductsInput {
  const day = DAY_MINUTES / market.cellMinutes;
  const ancillary = grid.services.map((s) => ({
    service: s.service,
    maxMw: s.maxMw,
    reducesLoad: loadReducingServices.has(s.service),
    priceUsdPerMwHour: Array.from({ length: n }, (_, k) => {
      let i = cell + k;
      if (!perfect) while (i >= 0 && grid.publishedFromIndex[i]! > cell) i -= day;
      const value = i >= 0 ? s.price.values[i]! : Number.NaN;
      return Number.isFinite(value) ? value : 0;
    }),
  }));
  const fourCp = grid.programmes.fourCp;
  let fourCpProbability: number[] | undefined;
  if (fourCp) {
    fourCpProbability = perfect
      ? Array.from({ length: n }, (_, k) => grid.fourCpPeak[cell + k] ?? 0)
      : Array.from(
          forecastFourCpProbability({
            load: new ObservedHistory(grid.systemLoad, cell),
            calendar: grid.calendar,
            cells: n,
            months: fourCp.months,
          }),
        );
  }
  const ers = grid.programmes.emergencyResponse;
  const h = market.cellMinutes / 60;
  return {
    ...(grid.block ? { block: grid.block } : {}),
    ancillary,
    ...(fourCpProbability ? { fourCpProbability, fourCpUsdPerMw: grid.fourCpUsdPerMw * h } : {}),
    ...(ers
      ? { standbyMw: Array.from({ length: n }, (_, k) => (grid.ersHours[cell + k] ? ers.standbyMw : 0)) }
      : {}),
  };
}
