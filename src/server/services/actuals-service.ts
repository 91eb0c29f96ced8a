import { usdFloatToMicroUsd } from '../../core/accounting/exact-units.ts';
import { poolFeeBpsFromPercent } from '../../core/accounting/expected-production.ts';
import { type NetworkDay, networkDaysFromBtcDays } from '../../core/accounting/network-day.ts';
import {
  type ActualDrEvent,
  type ActualSiteDay,
  type ActualsSiteMonth,
  actualsComplete,
  actualsSiteMonth,
} from '../../core/actuals/actuals-month.ts';
import { dayEnergyIntervals } from '../../core/actuals/day-energy-intervals.ts';
import { drBaseline, type PowerReading } from '../../core/actuals/dr-baseline.ts';
import { checkEarnings } from '../../core/actuals/earnings-check.ts';
import { meteredEnergyCost } from '../../core/actuals/energy-cost.ts';
import { performedDrCredit } from '../../core/actuals/performed-dr-credit.ts';
import { type PlannedSiteMonth, plannedSiteMonth } from '../../core/actuals/planned-month.ts';
import { siteDayEnergy } from '../../core/actuals/site-day-energy.ts';
import { siteDayHashrate } from '../../core/actuals/site-day-hashrate.ts';
import type { Site } from '../../core/fleet/fleet-schema.ts';
import { utcDateOf, utcDatesBetween } from '../../core/pools/pool-credit.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { AllocationRun, SiteMinute, Storage } from '../../core/ports/storage.ts';
import { ActualsBooking } from './actuals-booking.ts';
import type { ContractPrices } from './contract-prices.ts';
import { siteCapacity } from './site-capacity.ts';

const DAY_MS = 86_400_000;
const CLOSE_ACTION = 'books.close-month';
/** Prior days a demand-response baseline averages. */
const BASELINE_DAYS = 5;

/** The month's actuals, per site, with the allocator's plan beside them and the completeness the close needs. */
export interface ActualsMonthReport {
  readonly month: string;
  readonly sites: readonly ActualsSiteMonth[];
  /** What the allocator's stored runs planned for each site over the same days (the "planned" column). */
  readonly planned: readonly PlannedSiteMonth[];
  readonly totals: {
    readonly operatingEhs: number | null;
    readonly deployedEhs: number;
    readonly minedSats: bigint;
    readonly energyWh: number;
    readonly energyCostMicroUsd: bigint;
    readonly unpricedWh: bigint;
    readonly drCreditMicroUsd: bigint;
    /** GPU lease revenue the marketplace invoiced or metered in the month (booked), micro-USD. */
    readonly leaseRevenueMicroUsd: bigint;
    /** BTC held in the treasury at the end of the month's elapsed days (the ledger), sats. */
    readonly holdingsSats: bigint;
  };
  /** The month has ended and every site-day has telemetry, a credit and energy. */
  readonly complete: boolean;
  readonly closed: boolean;
}

export interface ActualsServiceOptions {
  /** The contract's import price of a site (none: every energy figure shows unpriced). */
  readonly prices?: ContractPrices;
  /** The allocation interval a stored run decides, minutes (default 15). */
  readonly intervalMinutes?: number;
}

/**
 * The books from what happened: per site and day, hashrate from the stored minutes, energy from
 * utility data / the meter / the labelled device sum priced by the contract, demand-response credits
 * from the measured reduction below a stated baseline, the pools' credits against FPPS on the
 * measured hashrate; the allocator's stored runs beside them as the plan. Booking is in
 * `ActualsBooking` (`this.booking`). A month closes once its actuals are complete.
 */
export class ActualsService {
  readonly #storage: Storage;
  readonly #network: ReadonlyMap<string, NetworkDay>;
  readonly #market: Pick<MarketData, 'btcDays' | 'difficultyEpochs' | 'minerModels'>;
  readonly #options: ActualsServiceOptions;
  readonly booking: ActualsBooking;

  constructor(
    storage: Storage,
    market: Pick<MarketData, 'btcDays' | 'difficultyEpochs' | 'minerModels'>,
    options: ActualsServiceOptions = {},
  ) {
    this.#storage = storage;
    this.#market = market;
    this.#options = options;
    this.#network = new Map(
      networkDaysFromBtcDays(market.btcDays(), market.difficultyEpochs()).map((d) => [d.date, d]),
    );
    this.booking = new ActualsBooking(storage, this);
  }

  async month(month: string, nowMs: number): Promise<ActualsMonthReport> {
    const from = `${month}-01`;
    const monthStart = Date.parse(`${from}T00:00:00Z`);
    const next = new Date(monthStart);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const lastDay = utcDateOf(next.getTime() - DAY_MS);
    const today = utcDateOf(nowMs);
    const to = lastDay < today ? lastDay : utcDateOf(nowMs - DAY_MS);
    const dates = to >= from ? utcDatesBetween(from, to) : [];
    const endMs = dates.length > 0 ? Date.parse(`${dates.at(-1)}T00:00:00Z`) + DAY_MS : monthStart;
    const runs = dates.length > 0 ? await this.#storage.allocations.completedBetween(monthStart, endMs) : [];
    const sites: ActualsSiteMonth[] = [];
    const planned: PlannedSiteMonth[] = [];
    for (const { site } of await this.#storage.sites.list()) {
      sites.push(await this.#siteMonth(site, dates, monthStart, endMs, nowMs));
      planned.push(this.#planned(site, runs, monthStart, endMs));
    }
    const sum = (pick: (s: ActualsSiteMonth) => bigint) => sites.reduce((t, s) => t + pick(s), 0n);
    const leases = await this.#storage.ledger.balances(month, 'lease-revenue:');
    const endDate = utcDateOf(endMs);
    return {
      month,
      sites,
      planned,
      totals: {
        // The fleet's operating hashrate is the sum of the sites' (each the mean of its stored minutes).
        operatingEhs: sites.some((s) => s.operatingEhs !== null)
          ? sites.reduce((t, s) => t + (s.operatingEhs ?? 0), 0)
          : null,
        deployedEhs: sites.reduce((t, s) => t + s.deployedEhs, 0),
        minedSats: sum((s) => s.minedSats),
        energyWh: sites.reduce((t, s) => t + s.energyWh, 0),
        energyCostMicroUsd: sum((s) => s.energyCostMicroUsd),
        unpricedWh: sum((s) => s.unpricedWh),
        drCreditMicroUsd: sum((s) => s.drCreditMicroUsd),
        // Revenue accounts are credited: their balance (debits - credits) is the revenue negated.
        leaseRevenueMicroUsd: -[...leases.values()].reduce((t, v) => t + v, 0n),
        holdingsSats: await this.#storage.ledger.balance('btc-treasury', { to: endDate }),
      },
      complete: actualsComplete(sites, nowMs >= next.getTime()),
      closed: (await this.closedMonths()).has(month),
    };
  }

  /** Closes a month whose actuals are complete; false (nothing recorded) when they are not. */
  async closeMonth(month: string, nowMs: number, actor = 'system'): Promise<boolean> {
    const report = await this.month(month, nowMs);
    if (!report.complete) return false;
    if (report.closed) return true;
    await this.#storage.audit.append({
      atMs: nowMs,
      actor,
      action: CLOSE_ACTION,
      target: `books:${month}`,
      details: {},
    });
    return true;
  }

  async closedMonths(): Promise<Set<string>> {
    const entries = await this.#storage.audit.list({ limit: 10_000 });
    return new Set(
      entries.filter((e) => e.action === CLOSE_ACTION).map((e) => e.target.slice('books:'.length)),
    );
  }

  /** Books every stored pool credit of [fromDate, toDate] not booked yet (see ActualsBooking). */
  postCredits(fromDate: string, toDate: string, openDate: string): Promise<number> {
    return this.booking.postCredits(fromDate, toDate, openDate);
  }

  #planned(site: Site, runs: readonly AllocationRun[], fromMs: number, toMs: number): PlannedSiteMonth {
    const capacity = siteCapacity(site, this.#market.minerModels());
    const durationMs = (this.#options.intervalMinutes ?? 15) * 60_000;
    const intervals = runs.flatMap((run) => {
      const decision = run.sites.find((d) => d.siteId === site.id && d.error === undefined)?.decision;
      if (!decision || typeof decision.miningMw !== 'number') return [];
      return [
        {
          startMs: run.intervalStartMs,
          durationMs,
          miningMw: decision.miningMw,
          gpuMw: typeof decision.gpuMw === 'number' ? decision.gpuMw : 0,
        },
      ];
    });
    return plannedSiteMonth(site.id, intervals, {
      fromMs,
      toMs,
      thsPerMw: capacity.thsPerMw,
      deployedThs: capacity.deployedThs,
      pue: site.pue,
      poolFeeBps: poolFeeBpsFromPercent(site.pool.feePercent),
      network: (date) => this.#network.get(date),
    });
  }

  async #siteMonth(
    site: Site,
    dates: readonly string[],
    fromMs: number,
    endMs: number,
    nowMs: number,
  ): Promise<ActualsSiteMonth> {
    const deployedEhs = siteCapacity(site, this.#market.minerModels()).deployedThs / 1e6;
    if (dates.length === 0) return actualsSiteMonth(site.id, deployedEhs, []);
    const lookbackMs = fromMs - BASELINE_DAYS * DAY_MS;
    const [minutes, meter, utility, credits, setpoints, priceAt] = await Promise.all([
      storedMinutes(this.#storage, site.id, lookbackMs, endMs),
      this.#storage.energy.meterMinutes(site.id, lookbackMs, endMs),
      this.#storage.energy.intervals(site.id, fromMs, endMs, 'utility-csv'),
      this.#storage.poolCredits.list({ siteId: site.id, fromDate: dates[0]!, toDate: dates.at(-1)! }),
      this.#storage.setpoints.list({ siteId: site.id, fromMs: fromMs - DAY_MS, toMs: endMs }),
      this.#options.prices ? this.#options.prices(site, fromMs, endMs) : () => undefined,
    ]);
    const feeBps = poolFeeBpsFromPercent(site.pool.feePercent);
    const days: ActualSiteDay[] = dates.map((date) => {
      const dayStart = Date.parse(`${date}T00:00:00Z`);
      const hashrate = siteDayHashrate(site.id, date, minutes);
      const energy = siteDayEnergy({
        siteId: site.id,
        date,
        utility,
        meter,
        devices: {
          averageItPowerW: hashrate.averageItPowerW,
          minutesReported: hashrate.minutesReported,
          pue: site.pue,
        },
      });
      const dayCredits = credits.filter((c) => c.date === date);
      const creditedSats =
        dayCredits.length === 0 ? null : dayCredits.reduce((s, c) => s + c.creditedSats, 0n);
      // The pool's view of the day's hashrate, when every account credited that day reports one.
      const poolHashrateHs =
        dayCredits.length > 0 && dayCredits.every((c) => c.poolHashrateHs !== undefined)
          ? dayCredits.reduce((s, c) => s + c.poolHashrateHs!, 0n)
          : null;
      return {
        hashrate,
        energy,
        energyCost:
          energy.energyWh === null
            ? null
            : meteredEnergyCost(dayEnergyIntervals(energy, utility, meter), priceAt),
        creditedSats,
        curtailedHours: curtailedHours(setpoints, dayStart, dayStart + DAY_MS),
        check: checkEarnings({
          siteId: site.id,
          date,
          measuredHashrateHs:
            hashrate.averageThs === null ? null : BigInt(Math.round(hashrate.averageThs * 1e6)) * 1_000_000n,
          network: this.#network.get(date),
          poolFeeBps: feeBps,
          creditedSats,
          poolHashrateHs,
        }),
      };
    });
    const readings = powerReadings(meter, minutes, site.pue);
    return actualsSiteMonth(site.id, deployedEhs, days, this.#drEvents(site, readings, fromMs, endMs, nowMs));
  }

  /**
   * The site's demand-response events with credit terms that ended inside the month's elapsed days,
   * each credited for the reduction the meter (else the agents' device power x PUE) measured below
   * the stated baseline: the same window's mean load on prior days without an event.
   */
  #drEvents(
    site: Site,
    readings: { source: string; points: readonly PowerReading[] },
    fromMs: number,
    endMs: number,
    nowMs: number,
  ): ActualDrEvent[] {
    const windows = site.demandResponse.map((e) => ({ fromMs: Date.parse(e.from), toMs: Date.parse(e.to) }));
    return site.demandResponse.flatMap((event, i): ActualDrEvent[] => {
      const window = windows[i]!;
      if (event.creditUsdPerMwh === undefined || window.fromMs < fromMs || window.fromMs >= endMs) return [];
      if (window.toMs > nowMs) return [];
      const baseline = drBaseline(
        window,
        readings.points,
        windows.filter((_, j) => j !== i),
        BASELINE_DAYS,
        readings.source,
      );
      const credit = performedDrCredit(
        {
          siteId: site.id,
          eventId: event.id,
          ...window,
          baselineW: baseline?.baselineW ?? 0,
          creditMicroUsdPerMwh: usdFloatToMicroUsd(event.creditUsdPerMwh),
        },
        readings.points,
      );
      const date = utcDateOf(window.fromMs);
      if (!baseline)
        return [{ ...credit, measuredWh: null, reducedWh: 0n, creditMicroUsd: 0n, date, baseline: null }];
      return [{ ...credit, date, baseline: baseline.statement }];
    });
  }
}

const HOUR_MS = 3_600_000;

/**
 * The site's stored telemetry as minutes: the per-minute aggregates where they are still kept, and
 * for the hours compacted since (minute retention, `telemetry.compact`) the hour's averages, one
 * per minute of the hour (the hour keeps its mean, not which minutes reported: counted as full).
 */
async function storedMinutes(
  storage: Storage,
  siteId: string,
  fromMs: number,
  toMs: number,
): Promise<SiteMinute[]> {
  const [minutes, hours] = await Promise.all([
    storage.telemetry.minutes(siteId, fromMs, toMs),
    storage.telemetry.hours(siteId, fromMs, toMs),
  ]);
  const covered = new Set(minutes.map((m) => Math.floor(m.minuteMs / HOUR_MS)));
  const out = [...minutes];
  for (const hour of hours) {
    if (covered.has(Math.floor(hour.minuteMs / HOUR_MS))) continue;
    for (let i = 0; i < 60; i++) out.push({ ...hour, minuteMs: hour.minuteMs + i * 60_000 });
  }
  return out.sort((a, b) => a.minuteMs - b.minuteMs);
}

/** The meter's power readings when the meter answered, else the agents' IT power x PUE (labelled). */
function powerReadings(
  meter: readonly { reading: { atMs: number; activePowerW: number | null } }[],
  minutes: readonly { minuteMs: number; miningPowerW: number; aiPowerW: number }[],
  pue: number,
): { source: string; points: PowerReading[] } {
  if (meter.some((m) => m.reading.activePowerW !== null))
    return {
      source: 'meter',
      points: meter.map((m) => ({ atMs: m.reading.atMs, activePowerW: m.reading.activePowerW })),
    };
  return {
    source: 'device power x PUE',
    points: minutes.map((m) => ({ atMs: m.minuteMs, activePowerW: (m.miningPowerW + m.aiPowerW) * pue })),
  };
}

/** Hours of [fromMs, toMs) during which the setpoint in force had mining curtailed. */
function curtailedHours(
  setpoints: readonly { issuedAtMs: number; curtailed: boolean }[],
  fromMs: number,
  toMs: number,
): number {
  const sorted = [...setpoints].sort((a, b) => a.issuedAtMs - b.issuedAtMs);
  let ms = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (!sorted[i]!.curtailed) continue;
    const start = Math.max(fromMs, sorted[i]!.issuedAtMs);
    const end = Math.min(toMs, i + 1 < sorted.length ? sorted[i + 1]!.issuedAtMs : toMs);
    if (end > start) ms += end - start;
  }
  return ms / 3_600_000;
}
