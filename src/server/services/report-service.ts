import type { DrWindow } from '../../core/accounting/dr-credits.ts';
import { type LeaseMonth, leaseMonth } from '../../core/accounting/lease-revenue.ts';
import { LedgerError } from '../../core/accounting/ledger-error.ts';
import { type MonthlyReport, previousMonth } from '../../core/accounting/monthly-report.ts';
import {
  DEFAULT_REPORT_STRATEGY,
  type MonthlyReportRequest,
  reportFromSimulation,
  type SimulatedMonths,
} from '../../core/accounting/run-monthly-report.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { Fleet } from '../../core/fleet/fleet-schema.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { MarketplaceRepository } from '../../core/ports/marketplace-repository.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { monthRange as calendarMonthRange, isMonth } from '../../core/time/calendar.ts';
import type { FleetService } from './fleet-service.ts';
import type { ReportSimulator } from './report-simulation-pool.ts';

/** Postings of the report that record actual events (the rest of its ledger is simulated). */
const ACTUAL_EVENT_KEYS = ['lease-invoiced:', 'lease-metered:'] as const;

/** The note an ended month's report carries about what was booked. */
export const ACTUALS_ONLY_NOTE =
  'the ledger books actual events only (lease invoices and meter records here; pool credits, metered energy at the contract price and performed DR credits from the actuals, see /api/v1/reports/actuals/YYYY-MM, which shows this simulation as its labelled what-if): the simulated production, energy and DR figures of this report are not booked';

/** Simulations kept (per month, strategy, fleet version and grid events). */
const CACHE_SIZE = 12;

/** The month's report and what booking it did. */
export interface MonthlyReportResult {
  readonly report: MonthlyReport;
  /** Postings of the month booked now and already booked before; undefined for a month not yet over. */
  readonly booking: { readonly booked: number; readonly duplicates: number } | undefined;
}

/**
 * The monthly report of the fleet the server holds, on the server's market data: the same code as
 * `switchyard report` (core/accounting/run-monthly-report.ts), plus the marketplace's lease revenue
 * and the grid events entered here. A month that has ended (server clock) is booked to the
 * persistent ledger, all or nothing and idempotently: asking again books nothing; if the figures
 * changed since (fleet, data, leases) the books are not touched and SY_ERR_LEDGER_REJECTED names
 * the posting. The backtest of a month is cached per fleet version; the simulator runs it (in a
 * worker thread when the server knows its market-data directory, see report-simulation-pool.ts).
 */
export class ReportService {
  readonly #cache = new Map<string, Promise<SimulatedMonths>>();

  constructor(
    private readonly storage: Storage,
    private readonly fleets: FleetService,
    private readonly market: MarketData,
    readonly simulator: ReportSimulator,
    private readonly nowMs: () => number,
  ) {}

  /** Stops a simulation in progress (its requests fail) and refuses further ones. */
  close(): Promise<void> {
    return this.simulator.close();
  }

  async monthly(month: string, strategy: string = DEFAULT_REPORT_STRATEGY): Promise<MonthlyReportResult> {
    const fleet = await this.fleets.fleet();
    if (!fleet)
      throw new SwitchyardError('SY_ERR_NOT_FOUND', 'no fleet: import one first (POST /api/v1/fleet/import)');
    const [fromMs, toMs] = monthRange(month);
    const previous = previousMonth(month);
    const extraDrWindows = await this.gridEventWindows(fleet, monthRange(previous)[0], toMs);
    const request: MonthlyReportRequest = { fleet, month, strategy, extraDrWindows };
    const sim = await this.simulate(request, await this.fleetVersion(fleet));
    const ended = toMs <= this.nowMs();
    const [leases, previousLeases] = await Promise.all([
      this.leases(fleet, fromMs, toMs, month),
      sim.previous ? this.leases(fleet, ...monthRange(previous), previous) : undefined,
    ]);
    const run = reportFromSimulation(request, sim, this.market, {
      ...(leases ? { leases } : {}),
      ...(previousLeases ? { previousLeases } : {}),
      notes: ended
        ? [ACTUALS_ONLY_NOTE]
        : [`${month} has not ended (server clock): a preview, nothing was booked to the ledger`],
    });
    if (!ended) return { report: run.report, booking: undefined };
    // The ledger books actual events only: the marketplace's invoices and meter records. The
    // simulated production, energy, GPU market and DR figures are the plan, never booked; pool
    // credits are booked from the pools' replies (ActualsService.postCredits).
    const postings = run.ledger
      .postings()
      .filter(
        (p) => p.date.startsWith(`${month}-`) && ACTUAL_EVENT_KEYS.some((prefix) => p.key.startsWith(prefix)),
      );
    try {
      return { report: run.report, booking: await this.storage.ledger.postAll(postings) };
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      throw new LedgerError(
        `the books of ${month} already hold different figures (${error.message}): the fleet, the market data or the marketplace changed since the month was booked; nothing of this report was booked`,
        { ...error.details, month },
      );
    }
  }

  /** The backtest, shared by concurrent requests and cached per month, strategy, fleet version and grid events. */
  private simulate(request: MonthlyReportRequest, fleetVersion: string): Promise<SimulatedMonths> {
    const key = JSON.stringify([
      request.month,
      request.strategy,
      fleetVersion,
      request.extraDrWindows?.map((w) => [w.siteId, w.eventId, w.fromMs, w.toMs]),
    ]);
    const cached = this.#cache.get(key);
    if (cached) {
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    // A month of the example fleet with an LP strategy takes minutes: the simulator runs one at a
    // time, off the event loop when it can, and the cache makes it once per fleet version.
    const run = this.simulator.simulate(request);
    this.#cache.set(key, run);
    run.catch(() => this.#cache.delete(key));
    while (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    return run;
  }

  private async fleetVersion(fleet: Fleet): Promise<string> {
    const records = await this.fleets.list();
    return JSON.stringify([records.map((r) => `${r.site.id}@${r.version}`), fleet.currencies]);
  }

  /** Grid events entered in the control plane, as demand-response windows of the fleet's sites. */
  private async gridEventWindows(fleet: Fleet, fromMs: number, toMs: number): Promise<DrWindow[]> {
    const ids = new Set(fleet.sites.map((s) => s.id));
    const events = await this.storage.gridEvents.overlapping(fromMs, toMs);
    return events.flatMap((e) =>
      e.siteIds
        .filter((id) => ids.has(id))
        .map((siteId) => ({
          siteId,
          eventId: e.id,
          source: 'grid-event' as const,
          fromMs: e.startMs,
          toMs: e.endMs,
        })),
    );
  }

  /** The marketplace's month (invoices, else meter segments), when it holds leases or the fleet has GPUs. */
  private async leases(
    fleet: Fleet,
    fromMs: number,
    toMs: number,
    month: string,
  ): Promise<LeaseMonth | undefined> {
    const marketplace = marketplaceOf(this.storage);
    if (!marketplace) return undefined;
    const [invoices, leases, segments] = await Promise.all([
      marketplace.listInvoices({ month }),
      marketplace.listLeases({}),
      marketplace.meterSegments({ fromMs, toMs }),
    ]);
    const sites = fleet.sites.map((s) => ({ id: s.id, gpus: s.gpuNodes.reduce((n, g) => n + g.count, 0) }));
    const result = leaseMonth({ fromMs, toMs, sites, invoices, leases, segments });
    return result.usage.length > 0 || result.capacity.length > 0 ? result : undefined;
  }
}

/** The storage's marketplace repository, when this build has one. */
function marketplaceOf(storage: Storage): MarketplaceRepository | undefined {
  return (storage as { marketplace?: MarketplaceRepository }).marketplace;
}

/** [start, end) of a `YYYY-MM` month, epoch ms; SY_ERR_REQUEST_INVALID for anything else. */
function monthRange(month: string): [number, number] {
  if (!isMonth(month))
    throw new SwitchyardError('SY_ERR_REQUEST_INVALID', `params/month: "${month}" is not a month (YYYY-MM)`, {
      field: 'params/month',
    });
  const { fromMs, toMs } = calendarMonthRange(month);
  return [fromMs, toMs];
}
