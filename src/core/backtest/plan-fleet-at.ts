import { buildSiteLp } from '../allocator/build-site-lp.ts';
import type { LinearProgram } from '../allocator/linear-program.ts';
import { planSite } from '../allocator/plan-site.ts';
import type { SitePlan } from '../allocator/site-plan.ts';
import { buildHashpriceCalendar, type HashpriceCalendar } from '../economics/hashprice-calendar.ts';
import type { Fleet } from '../fleet/fleet-schema.ts';
import type { Forecaster } from '../forecast/forecaster.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import type { MarketData } from '../ports/market-data.ts';
import { forecastSiteInput } from './forecast-site-input.ts';
import { initialSiteState } from './settle-interval.ts';
import { buildSiteMarket } from './site-market.ts';
import { buildSiteModel } from './site-model.ts';

const DAY_MS = 86_400_000;

export interface FleetPlanRequest {
  readonly fleet: Fleet;
  /** Decision time, epoch ms on the interval grid. */
  readonly atMs: number;
  readonly forecaster: Forecaster;
  readonly siteIds?: readonly string[];
  readonly cellMinutes?: number;
  readonly horizonCells?: number;
  readonly gpuCommittedShare?: number;
  /** Called with each site's program before it is solved (e.g. to write it as MPS). */
  readonly onProgram?: (siteId: string, lp: LinearProgram) => void;
}

/** Plans every site for one decision time on what was known then (the live loop's single step). */
export function planFleetAt(
  request: FleetPlanRequest,
  deps: { market: MarketData; solver: LpSolver; calendar?: HashpriceCalendar },
): SitePlan[] {
  const cellMinutes = request.cellMinutes ?? 15;
  const cellMs = cellMinutes * 60_000;
  const horizonCells = request.horizonCells ?? (24 * 60) / cellMinutes;
  const calendar =
    deps.calendar ?? buildHashpriceCalendar(deps.market.btcDays(), deps.market.difficultyEpochs());
  const startMs = Math.floor(request.atMs / DAY_MS) * DAY_MS - 8 * DAY_MS;
  const cell = Math.floor((request.atMs - startMs) / cellMs);
  const cells = cell + horizonCells;
  return request.fleet.sites
    .filter((site) => !request.siteIds || request.siteIds.includes(site.id))
    .map((site) => {
      const model = buildSiteModel(
        site,
        deps.market.minerModels(),
        deps.market.gpuRentalPrices(),
        request.fleet.currencies,
        request.gpuCommittedShare ?? 0.5,
      );
      const market = buildSiteMarket(request.fleet, site, deps.market, calendar, {
        startMs,
        cells,
        cellMinutes,
      });
      const state = initialSiteState(model, '');
      const input = forecastSiteInput(model, market, cell, state, request.forecaster, horizonCells);
      if (request.onProgram) request.onProgram(site.id, buildSiteLp(input).lp);
      return planSite(input, deps.solver);
    });
}
