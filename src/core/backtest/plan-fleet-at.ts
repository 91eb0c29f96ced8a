import { buildSiteLp } from '../allocator/build-site-lp.ts';
import type { LinearProgram } from '../allocator/linear-program.ts';
import { planSite } from '../allocator/plan-site.ts';
import type { SitePlan } from '../allocator/site-plan.ts';
import type { BatchJob, SitePlanInput } from '../allocator/site-plan-input.ts';
import { buildHashpriceCalendar, type HashpriceCalendar } from '../economics/hashprice-calendar.ts';
import type { Fleet, Site } from '../fleet/fleet-schema.ts';
import type { Forecaster } from '../forecast/forecaster.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import type { MarketData } from '../ports/market-data.ts';
import { FORECAST_HISTORY_DAYS, forecastSiteInput } from './forecast-site-input.ts';
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
  /**
   * The GPU load a site must or may serve now (the marketplace's leases), replacing the
   * `gpuCommittedShare` assumption for the sites it returns a load for.
   */
  readonly gpuLoad?: (
    siteId: string,
    grid: { readonly startMs: number; readonly intervalMinutes: number; readonly intervals: number },
  ) => SiteGpuLoad | undefined;
  /** Adjusts a site's forecast input before it is solved (the live loop's manual prices). */
  readonly adjustInput?: (site: Site, input: SitePlanInput) => SitePlanInput;
  /** Called with each site's input and plan once solved. */
  readonly onPlanned?: (input: SitePlanInput, plan: SitePlan) => void;
}

/** Leases as load: per GPU group, GPUs that must run and GPUs interruptible tenants want; batch jobs. */
export interface SiteGpuLoad {
  readonly groups: Readonly<
    Record<
      string,
      {
        readonly committedGpus: number;
        readonly interruptibleGpus: number;
        readonly interruptibleUsdPerGpuHour: number;
      }
    >
  >;
  readonly batchJobs: readonly BatchJob[];
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
  const startMs = Math.floor(request.atMs / DAY_MS) * DAY_MS - FORECAST_HISTORY_DAYS * DAY_MS;
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
      const forecast = forecastSiteInput(model, market, cell, state, request.forecaster, horizonCells);
      const load = request.gpuLoad?.(site.id, {
        startMs: forecast.startMs,
        intervalMinutes: forecast.intervalMinutes,
        intervals: forecast.intervals,
      });
      const loaded = load ? withGpuLoad(forecast, load) : forecast;
      const input = request.adjustInput ? request.adjustInput(site, loaded) : loaded;
      if (request.onProgram) request.onProgram(site.id, buildSiteLp(input).lp);
      const plan = planSite(input, deps.solver);
      request.onPlanned?.(input, plan);
      return plan;
    });
}

function withGpuLoad(input: SitePlanInput, load: SiteGpuLoad): SitePlanInput {
  const n = input.intervals;
  return {
    ...input,
    gpuGroups: input.gpuGroups.map((group) => {
      const own = load.groups[group.id];
      const committed = Math.min(group.count, own?.committedGpus ?? 0);
      return {
        ...group,
        committedGpus: new Array(n).fill(committed),
        interruptibleGpus: new Array(n).fill(Math.min(group.count - committed, own?.interruptibleGpus ?? 0)),
        interruptibleUsdPerGpuHour: own?.interruptibleUsdPerGpuHour ?? group.interruptibleUsdPerGpuHour,
      };
    }),
    batchJobs: load.batchJobs.filter((job) => input.gpuGroups.some((g) => g.id === job.gpuGroupId)),
  };
}
