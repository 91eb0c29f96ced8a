import { poolFeeBpsFromPercent } from '../../core/accounting/expected-production.ts';
import { type NetworkDay, networkDaysFromBtcDays } from '../../core/accounting/network-day.ts';
import { poolCreditPostings } from '../../core/actuals/actual-postings.ts';
import {
  type ActualSiteDay,
  type ActualsSiteMonth,
  actualsComplete,
  actualsSiteMonth,
} from '../../core/actuals/actuals-month.ts';
import { checkEarnings } from '../../core/actuals/earnings-check.ts';
import { siteDayEnergy } from '../../core/actuals/site-day-energy.ts';
import { siteDayHashrate } from '../../core/actuals/site-day-hashrate.ts';
import type { Site } from '../../core/fleet/fleet-schema.ts';
import { utcDateOf, utcDatesBetween } from '../../core/pools/pool-credit.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { Storage } from '../../core/ports/storage.ts';

const DAY_MS = 86_400_000;
const CLOSE_ACTION = 'books.close-month';

/** The month's actuals, per site, with the completeness the close needs. */
export interface ActualsMonthReport {
  readonly month: string;
  readonly sites: readonly ActualsSiteMonth[];
  readonly totals: {
    readonly operatingEhs: number | null;
    readonly minedSats: bigint;
    readonly energyWh: number;
  };
  /** The month has ended and every site-day has telemetry, a credit and energy. */
  readonly complete: boolean;
  readonly closed: boolean;
}

/**
 * The books from what happened: per site and day, hashrate from the stored minutes, energy from
 * utility data / the meter / the labelled device sum, the pools' credits against FPPS on the
 * measured hashrate (an alert naming the likely cause outside tolerance), and the ledger postings of
 * the credits (late ones into the open period). A month closes once its actuals are complete.
 */
export class ActualsService {
  readonly #storage: Storage;
  readonly #network: ReadonlyMap<string, NetworkDay>;
  readonly #nameplateThsPerMiner: ReadonlyMap<string, number>;

  constructor(storage: Storage, market: Pick<MarketData, 'btcDays' | 'difficultyEpochs' | 'minerModels'>) {
    this.#storage = storage;
    this.#network = new Map(
      networkDaysFromBtcDays(market.btcDays(), market.difficultyEpochs()).map((d) => [d.date, d]),
    );
    this.#nameplateThsPerMiner = new Map(market.minerModels().map((m) => [m.model, m.hashrateThs]));
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
    const sites: ActualsSiteMonth[] = [];
    for (const { site } of await this.#storage.sites.list())
      sites.push(await this.#siteMonth(site, dates, monthStart, next.getTime()));
    let thsMinutes = 0;
    let minutes = 0;
    for (const site of sites)
      for (const day of site.days) {
        if (day.hashrate.averageThs === null) continue;
        thsMinutes += day.hashrate.averageThs * day.hashrate.minutesReported;
        minutes += day.hashrate.minutesReported;
      }
    return {
      month,
      sites,
      totals: {
        operatingEhs: minutes > 0 ? thsMinutes / minutes / 1e6 : null,
        minedSats: sites.reduce((s, x) => s + x.minedSats, 0n),
        energyWh: sites.reduce((s, x) => s + x.energyWh, 0),
      },
      complete: actualsComplete(sites, nowMs >= next.getTime()),
      closed: (await this.closedMonths()).has(month),
    };
  }

  /** Raises `earnings.<cause>` alerts for the site-days of a report outside tolerance (one open alert per kind and site). */
  async raiseEarningsAlerts(report: ActualsMonthReport, nowMs: number): Promise<number> {
    let raised = 0;
    for (const site of report.sites)
      for (const day of site.days) {
        if (day.check.withinTolerance || day.check.cause === null) continue;
        await this.#storage.alerts.raise({
          atMs: nowMs,
          siteId: site.siteId,
          severity: day.check.cause === 'credit-missing' ? 'warning' : 'critical',
          kind: `earnings.${day.check.cause}`,
          message: `${site.siteId} ${day.check.date}: ${day.check.explanation}`,
        });
        raised++;
      }
    return raised;
  }

  /** Books every stored pool credit not booked yet (late ones on `openDate`); returns how many postings. */
  async postCredits(fromDate: string, toDate: string, openDate: string): Promise<number> {
    const credits = await this.#storage.poolCredits.list({ fromDate, toDate });
    const booked = new Map<string, bigint>();
    for (const posting of await this.#storage.ledger.list({ accountPrefix: 'pool-receivable' })) {
      if (!posting.key.startsWith('pool-credit:')) continue;
      const base = posting.key.split(':').slice(0, 4).join(':');
      const line = posting.lines.find((l) => l.account === 'pool-receivable')!;
      booked.set(base, (booked.get(base) ?? 0n) + (line.side === 'debit' ? line.amount : -line.amount));
    }
    const postings = poolCreditPostings(credits, {
      closedMonths: await this.closedMonths(),
      openDate,
      bookedSats: booked,
    });
    return (await this.#storage.ledger.postAll(postings)).booked;
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

  async #siteMonth(
    site: Site,
    dates: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<ActualsSiteMonth> {
    const deployedThs = site.minerGroups.reduce(
      (sum, g) => sum + g.count * (this.#nameplateThsPerMiner.get(g.model) ?? 0),
      0,
    );
    if (dates.length === 0) return actualsSiteMonth(site.id, deployedThs / 1e6, []);
    const endMs = Math.min(toMs, Date.parse(`${dates.at(-1)}T00:00:00Z`) + DAY_MS);
    const [minutes, meter, utility, credits, setpoints] = await Promise.all([
      this.#storage.telemetry.minutes(site.id, fromMs, endMs),
      this.#storage.energy.meterMinutes(site.id, fromMs, endMs),
      this.#storage.energy.intervals(site.id, fromMs, endMs, 'utility-csv'),
      this.#storage.poolCredits.list({ siteId: site.id, fromDate: dates[0]!, toDate: dates.at(-1)! }),
      this.#storage.setpoints.list({ siteId: site.id, fromMs: fromMs - DAY_MS, toMs: endMs }),
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
      return {
        hashrate,
        energy,
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
        }),
      };
    });
    return actualsSiteMonth(site.id, deployedThs / 1e6, days);
  }
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
