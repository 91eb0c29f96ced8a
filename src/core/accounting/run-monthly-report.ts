import { runBacktest } from '../backtest/run-backtest.ts';
import { buildSiteModel, type SiteModel } from '../backtest/site-model.ts';
import { SwitchyardError } from '../errors/index.ts';
import type { Fleet } from '../fleet/fleet-schema.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import type { MarketData } from '../ports/market-data.ts';
import { monthRange } from '../time/calendar.ts';
import { DrCollector, type DrEventResult, type DrWindow, drPostings, fleetDrWindows } from './dr-credits.ts';
import { GridProgrammeCollector, type GridProgrammeSiteMonth } from './grid-programme-lines.ts';
import { checkGridProgrammesAgainstLedger, gridProgrammePostings } from './grid-programme-postings.ts';
import { type LeaseMonth, leasePostings } from './lease-revenue.ts';
import { Ledger } from './ledger.ts';
import {
  buildMonthlyReport,
  checkReportAgainstLedger,
  daysInMonth,
  type MonthlyReport,
  postSiteDays,
  previousMonth,
  type ReportSite,
} from './monthly-report.ts';
import { networkDaysFromBtcDays } from './network-day.ts';
import { pplnsSiteDays } from './pplns-site-days.ts';
import { withRevenueStack } from './revenue-stack-report.ts';
import { type SiteDay, SiteDayCollector } from './site-day.ts';

export interface MonthlyReportRequest {
  readonly fleet: Fleet;
  /** `YYYY-MM`. */
  readonly month: string;
  /** A backtest strategy name (default `lp-day-ahead`). */
  readonly strategy?: string;
  readonly cellMinutes?: number;
  readonly resolveEvery?: number;
  readonly gpuCommittedShare?: number;
  /** Also run the previous month for month-over-month change (default true). */
  readonly withPreviousMonth?: boolean;
  /** Demand-response windows besides the fleet file's events (grid events entered in the control plane). */
  readonly extraDrWindows?: readonly DrWindow[];
}

/** What the marketplace sold in the month and the month before, when it runs (the server's). */
export interface MonthlyReportExtras {
  readonly leases?: LeaseMonth;
  readonly previousLeases?: LeaseMonth;
  readonly notes?: readonly string[];
}

export interface MonthlyReportDeps {
  readonly market: MarketData;
  readonly solver: LpSolver;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The simulated month (and the one before), the expensive part of a report: cache it. */
export interface SimulatedMonths {
  readonly strategy: string;
  readonly current: SimulatedMonth;
  readonly previous: SimulatedMonth | undefined;
  readonly notes: readonly string[];
}

export interface SimulatedMonth {
  readonly month: string;
  readonly siteDays: readonly SiteDay[];
  readonly drEvents: readonly DrEventResult[];
  /** Grid-programme lines per site (sites with grid programmes only). */
  readonly gridProgrammes?: readonly GridProgrammeSiteMonth[];
}

export interface MonthlyReportRun {
  readonly report: MonthlyReport;
  /** Every posting of the month (and of the previous one, when run). */
  readonly ledger: Ledger;
  readonly siteDays: readonly SiteDay[];
  readonly previousSiteDays: readonly SiteDay[] | undefined;
}

export const DEFAULT_REPORT_STRATEGY = 'lp-day-ahead';

/**
 * Runs the backtest settlement for every site of the fleet over the month (and the month before,
 * when the data covers it), converts each site-day once to exact units, posts them to a ledger,
 * builds the report and checks it against the ledger (throws if they disagree).
 */
export function runMonthlyReport(
  request: MonthlyReportRequest,
  deps: MonthlyReportDeps,
  extras: MonthlyReportExtras = {},
): MonthlyReportRun {
  return reportFromSimulation(request, simulateMonths(request, deps), deps.market, extras);
}

/** The backtest of the month and, when covered by the data, of the month before. */
export function simulateMonths(request: MonthlyReportRequest, deps: MonthlyReportDeps): SimulatedMonths {
  const strategy = request.strategy ?? DEFAULT_REPORT_STRATEGY;
  const notes: string[] = [];
  const models = siteModels(request.fleet, deps.market);
  const current = runMonth(request, models, request.month, strategy, deps, notes);
  let previous: SimulatedMonth | undefined;
  if (request.withPreviousMonth ?? true) {
    const month = previousMonth(request.month);
    try {
      const run = runMonth(request, models, month, strategy, { ...deps, onProgress: undefined }, []);
      const full = daysInMonth(month) * request.fleet.sites.length;
      if (run.siteDays.length === full) previous = run;
      else
        notes.push(
          `no month-over-month change: ${month} is only partly covered by the data (${run.siteDays.length} of ${full} site-days)`,
        );
    } catch (error) {
      if (!(error instanceof SwitchyardError) || error.code !== 'SY_ERR_DATA_NOT_COVERED') throw error;
      notes.push(`no month-over-month change: ${month} is not covered by the data (${error.message})`);
    }
  }
  return { strategy, current, previous, notes };
}

/** Posts a simulation (and the marketplace's leases) to a fresh ledger and builds the checked report. */
export function reportFromSimulation(
  request: MonthlyReportRequest,
  sim: SimulatedMonths,
  market: MarketData,
  extras: MonthlyReportExtras = {},
): MonthlyReportRun {
  const networkDays = networkDaysFromBtcDays(market.btcDays(), market.difficultyEpochs());
  const current = pplnsSiteDays(request.fleet, sim.current.siteDays, networkDays);
  const previous = sim.previous && pplnsSiteDays(request.fleet, sim.previous.siteDays, networkDays);
  const ledger = new Ledger();
  const book = (
    month: string,
    days: readonly SiteDay[],
    dr: readonly DrEventResult[],
    leases?: LeaseMonth,
    grid: readonly GridProgrammeSiteMonth[] = [],
  ) => {
    postSiteDays(ledger, days);
    ledger.postAll(drPostings(month, dr));
    ledger.postAll(gridProgrammePostings(grid, (m) => `${m}-${String(daysInMonth(m)).padStart(2, '0')}`));
    if (leases) ledger.postAll(leasePostings(month, `${month}-${daysInMonth(month)}`, leases.usage));
  };
  book(request.month, current.siteDays, sim.current.drEvents, extras.leases, sim.current.gridProgrammes);
  if (sim.previous && previous)
    book(
      sim.previous.month,
      previous.siteDays,
      sim.previous.drEvents,
      extras.previousLeases,
      sim.previous.gridProgrammes,
    );
  const built = buildMonthlyReport({
    month: request.month,
    strategy: sim.strategy,
    sites: reportSites(request.fleet, market),
    siteDays: current.siteDays,
    drEvents: sim.current.drEvents,
    ...(extras.leases ? { leases: extras.leases } : {}),
    ...(sim.previous && previous
      ? {
          previous: {
            month: sim.previous.month,
            siteDays: previous.siteDays,
            drEvents: sim.previous.drEvents,
            ...(extras.previousLeases ? { leases: extras.previousLeases } : {}),
          },
        }
      : {}),
    notes: [...sim.notes, ...current.notes, ...(extras.notes ?? [])],
  });
  const gridLines = sim.current.gridProgrammes ?? [];
  const report = gridLines.length > 0 ? withRevenueStack(built, gridLines) : built;
  const problems = [
    ...checkReportAgainstLedger(report, ledger),
    ...checkGridProgrammesAgainstLedger(gridLines, request.month, ledger),
  ];
  if (problems.length > 0) {
    throw new SwitchyardError(
      'SY_ERR_LEDGER_REJECTED',
      `report and ledger disagree: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
  return { report, ledger, siteDays: current.siteDays, previousSiteDays: previous?.siteDays };
}

function runMonth(
  request: MonthlyReportRequest,
  models: readonly SiteModel[],
  month: string,
  strategy: string,
  deps: MonthlyReportDeps,
  notes: string[],
): SimulatedMonth {
  const { fromMs, toMs } = monthRange(month);
  const cellMinutes = request.cellMinutes ?? 15;
  const collector = new SiteDayCollector(strategy, cellMinutes);
  const windows = [...fleetDrWindows(request.fleet.sites), ...(request.extraDrWindows ?? [])].filter(
    (w) => w.fromMs < toMs && w.toMs > fromMs,
  );
  const loads = new Map(
    models.map((model) => [model.site.id, { maxMiningMw: model.maxMiningMw, pue: model.site.pue }]),
  );
  const dr = new DrCollector(strategy, cellMinutes, windows, loads);
  const grid = new GridProgrammeCollector(strategy, cellMinutes);
  const result = runBacktest(
    {
      fleet: request.fleet,
      fromMs,
      toMs,
      strategies: [strategy],
      cellMinutes,
      ...(request.resolveEvery === undefined ? {} : { resolveEvery: request.resolveEvery }),
      ...(request.gpuCommittedShare === undefined ? {} : { gpuCommittedShare: request.gpuCommittedShare }),
    },
    {
      market: deps.market,
      solver: deps.solver,
      sink: {
        interval: (s, siteId, outcome) => {
          collector.interval(s, siteId, outcome);
          dr.interval(s, siteId, outcome);
          grid.interval(s, siteId, outcome);
        },
      },
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    },
  );
  notes.push(...result.notes, ...result.sites.flatMap((s) => s.notes.map((n) => `${s.siteId}: ${n}`)));
  const gridProgrammes = grid.results().filter((l) => l.month === month);
  return {
    month,
    siteDays: collector.siteDays(),
    drEvents: dr.results(),
    ...(gridProgrammes.length > 0 ? { gridProgrammes } : {}),
  };
}

function siteModels(fleet: Fleet, market: MarketData): SiteModel[] {
  return fleet.sites.map((site) =>
    buildSiteModel(site, market.minerModels(), market.gpuRentalPrices(), fleet.currencies, 0.5),
  );
}

/** Sites with their region and nameplate hashrate (every miner group at full power). */
export function reportSites(fleet: Fleet, market: MarketData): ReportSite[] {
  return siteModels(fleet, market).map(({ site, minerGroups }) => {
    const deployedHashrateThs = minerGroups.reduce(
      (sum, g) => sum + g.segments.reduce((s, seg) => s + seg.maxMw * seg.thsPerMw, 0),
      0,
    );
    // Rounded to 0.001 TH/s: the segment sums carry float noise (1807999.9999999998).
    return {
      id: site.id,
      name: site.name,
      region: site.region,
      deployedHashrateThs: Math.round(deployedHashrateThs * 1000) / 1000,
    };
  });
}
