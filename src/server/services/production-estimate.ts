import type { HashpriceCalendar } from '../../core/economics/hashprice-calendar.ts';
import { utcDateOf, utcDatesBetween } from '../../core/pools/pool-credit.ts';
import type { SiteMinute, Storage } from '../../core/ports/storage.ts';
import { monthStartOf } from '../../core/time/calendar.ts';
import type { SiteCapacity } from './site-capacity.ts';

const DAY_MS = 86_400_000;

/** Where a BTC figure comes from: the pools' credits, an estimate from measured hashrate, or both. */
export type ProductionBasis = 'pool-credits' | 'estimate' | 'mixed' | 'none';

export interface ProductionFigures {
  /** BTC mined today (UTC day of the server clock) and this calendar month. */
  readonly btcToday: number;
  readonly btcMonth: number;
  /** Of the month: BTC the pools credited, and BTC estimated for site-days whose credit has not arrived. */
  readonly btcMonthCredited: number;
  readonly btcMonthEstimated: number;
  readonly btcTodayBasis: ProductionBasis;
  readonly btcMonthBasis: ProductionBasis;
}

/**
 * BTC mined from what happened: a site-day the pool has credited counts its credits; a site-day
 * without a credit yet (today, always) counts an estimate, labelled as such: the site's measured
 * hashrate (the stored minutes, else hours) over the part of the day reported x the day's BTC per
 * TH/s per day, less the pool fee. Estimates of days before yesterday are kept until their credit
 * arrives (a new month starts the cache over).
 */
export class ProductionEstimate {
  private readonly pastEstimates = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly calendar: () => HashpriceCalendar,
  ) {}

  /** Calls run one after the other. */
  figures(nowMs: number, capacities: ReadonlyMap<string, SiteCapacity>): Promise<ProductionFigures> {
    const next = this.queue.then(() => this.compute(nowMs, capacities));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async compute(
    nowMs: number,
    capacities: ReadonlyMap<string, SiteCapacity>,
  ): Promise<ProductionFigures> {
    const today = utcDateOf(nowMs);
    const from = utcDateOf(monthStartOf(nowMs));
    for (const key of this.pastEstimates.keys())
      if (key.slice(key.indexOf('|') + 1) < from) this.pastEstimates.delete(key);
    const dates = utcDatesBetween(from, today);
    const credits = await this.storage.poolCredits.list({ fromDate: from, toDate: today });
    const credited = new Map<string, number>();
    for (const c of credits)
      credited.set(
        `${c.siteId}|${c.date}`,
        (credited.get(`${c.siteId}|${c.date}`) ?? 0) + Number(c.creditedSats) / 1e8,
      );
    let creditedMonth = 0;
    let estimatedMonth = 0;
    let creditedToday = 0;
    let estimatedToday = 0;
    let todayCredits = 0;
    let todayEstimates = 0;
    for (const [siteId, capacity] of capacities)
      for (const date of dates) {
        const key = `${siteId}|${date}`;
        const pool = credited.get(key);
        if (pool !== undefined) {
          creditedMonth += pool;
          if (date === today) {
            creditedToday += pool;
            todayCredits++;
          }
          continue;
        }
        const estimate = await this.estimate(siteId, date, today, capacity);
        estimatedMonth += estimate;
        if (date === today) {
          estimatedToday += estimate;
          todayEstimates++;
        }
      }
    const basis = (c: number, e: number): ProductionBasis =>
      c > 0 && e > 0 ? 'mixed' : c > 0 ? 'pool-credits' : e > 0 ? 'estimate' : 'none';
    return {
      btcToday: creditedToday + estimatedToday,
      btcMonth: creditedMonth + estimatedMonth,
      btcMonthCredited: creditedMonth,
      btcMonthEstimated: estimatedMonth,
      btcTodayBasis: basis(todayCredits, todayEstimates),
      btcMonthBasis: basis(creditedMonth > 0 ? 1 : 0, estimatedMonth > 0 ? 1 : 0),
    };
  }

  /** The site-day's BTC from its measured hashrate (0 when nothing was measured: no telemetry, no estimate). */
  private async estimate(
    siteId: string,
    date: string,
    today: string,
    capacity: SiteCapacity,
  ): Promise<number> {
    const key = `${siteId}|${date}`;
    const kept = this.pastEstimates.get(key);
    if (kept !== undefined) return kept;
    const fromMs = Date.parse(`${date}T00:00:00Z`);
    let rows: SiteMinute[] = await this.storage.telemetry.minutes(siteId, fromMs, fromMs + DAY_MS);
    let minutesPerRow = 1;
    if (rows.length === 0) {
      rows = await this.storage.telemetry.hours(siteId, fromMs, fromMs + DAY_MS);
      minutesPerRow = 60;
    }
    const thsMinutes = rows.reduce((sum, r) => sum + r.hashrateThs * minutesPerRow, 0);
    const btcPerThDay = this.calendar().byDate.get(date)?.btcPerThDay ?? 0;
    const btc = (thsMinutes / 1_440) * btcPerThDay * (1 - capacity.poolFeeShare);
    // Yesterday may still receive telemetry an agent buffered while offline: kept from the day before.
    if (Date.parse(`${date}T00:00:00Z`) < Date.parse(`${today}T00:00:00Z`) - DAY_MS)
      this.pastEstimates.set(key, btc);
    return btc;
  }
}
