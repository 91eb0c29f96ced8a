import { runBacktest } from '../backtest/run-backtest.ts';
import { buildSiteModel } from '../backtest/site-model.ts';
import { SwitchyardError } from '../errors/index.ts';
import type { Fleet } from '../fleet/fleet-schema.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import type { MarketData } from '../ports/market-data.ts';
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
}

export interface MonthlyReportDeps {
  readonly market: MarketData;
  readonly solver: LpSolver;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MonthlyReportRun {
  readonly report: MonthlyReport;
  /** Every site-day of the month (and the previous one, when run) posted. */
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
export function runMonthlyReport(request: MonthlyReportRequest, deps: MonthlyReportDeps): MonthlyReportRun {
  const strategy = request.strategy ?? DEFAULT_REPORT_STRATEGY;
  const notes: string[] = [];
  const current = runMonth(request, request.month, strategy, deps, notes);
  let previous: SiteDay[] | undefined;
  if (request.withPreviousMonth ?? true) {
    const month = previousMonth(request.month);
    try {
      const days = runMonth(request, month, strategy, { ...deps, onProgress: undefined }, []);
      const full = daysInMonth(month) * request.fleet.sites.length;
      if (days.length === full) previous = days;
      else
        notes.push(
          `no month-over-month change: ${month} is only partly covered by the data (${days.length} of ${full} site-days)`,
        );
    } catch (error) {
      if (!(error instanceof SwitchyardError) || error.code !== 'SY_ERR_DATA_NOT_COVERED') throw error;
      notes.push(`no month-over-month change: ${month} is not covered by the data (${error.message})`);
    }
  }
  const ledger = new Ledger();
  postSiteDays(ledger, current);
  if (previous) postSiteDays(ledger, previous);
  const report = buildMonthlyReport({
    month: request.month,
    strategy,
    sites: reportSites(request.fleet, deps.market),
    siteDays: current,
    ...(previous ? { previous: { month: previousMonth(request.month), siteDays: previous } } : {}),
    notes,
  });
  const problems = checkReportAgainstLedger(report, ledger);
  if (problems.length > 0) {
    throw new SwitchyardError(
      'SY_ERR_LEDGER_REJECTED',
      `report and ledger disagree: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
  return { report, ledger, siteDays: current, previousSiteDays: previous };
}

function runMonth(
  request: MonthlyReportRequest,
  month: string,
  strategy: string,
  deps: MonthlyReportDeps,
  notes: string[],
): SiteDay[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const fromMs = Date.UTC(y, m - 1, 1);
  const toMs = Date.UTC(y, m, 1);
  const cellMinutes = request.cellMinutes ?? 15;
  const collector = new SiteDayCollector(strategy, cellMinutes);
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
      sink: collector,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    },
  );
  notes.push(...result.notes, ...result.sites.flatMap((s) => s.notes.map((n) => `${s.siteId}: ${n}`)));
  return collector.siteDays();
}

/** Sites with their region and nameplate hashrate (every miner group at full power). */
export function reportSites(fleet: Fleet, market: MarketData): ReportSite[] {
  return fleet.sites.map((site) => {
    const model = buildSiteModel(site, market.minerModels(), market.gpuRentalPrices(), fleet.currencies, 0.5);
    const deployedHashrateThs = model.minerGroups.reduce(
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
