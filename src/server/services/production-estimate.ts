import type { HashpriceCalendar } from '../../core/economics/hashprice-calendar.ts';
import type { SetpointRecord, Storage } from '../../core/ports/storage.ts';
import { monthStartOf } from '../../core/time/calendar.ts';
import type { SiteCapacity } from './site-capacity.ts';

const DAY_MS = 86_400_000;
/** How far before the month's start to look for the setpoint in force at its start. */
const LOOKBACK_MS = 6 * 3_600_000;

export interface ProductionFigures {
  /** BTC mined today (UTC day of the server clock) and this calendar month, estimated. */
  readonly btcToday: number;
  readonly btcMonth: number;
}

/**
 * Estimates BTC mined from the setpoints in force: each site's mining MW x its nameplate TH/s per MW
 * x the day's BTC per TH/s per day, less the pool fee, integrated over time. Incremental: each call
 * reads only the setpoints issued since the last one; a clock that moves back (a replay restarted)
 * starts over. An estimate for the live dashboard; the monthly report settles the exact figures.
 */
export class ProductionEstimate {
  private processedToMs = Number.NEGATIVE_INFINITY;
  private monthStartMs = 0;
  private readonly byDate = new Map<string, number>();
  private readonly inForce = new Map<string, { miningMw: number; sinceMs: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly calendar: () => HashpriceCalendar,
  ) {}

  private queue: Promise<unknown> = Promise.resolve();

  /** Calls run one after the other: each continues where the previous one stopped. */
  figures(nowMs: number, capacities: ReadonlyMap<string, SiteCapacity>): Promise<ProductionFigures> {
    const next = this.queue.then(() => this.advance(nowMs, capacities));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async advance(
    nowMs: number,
    capacities: ReadonlyMap<string, SiteCapacity>,
  ): Promise<ProductionFigures> {
    const monthStart = monthStartOf(nowMs);
    if (nowMs < this.processedToMs || monthStart !== this.monthStartMs) this.reset(monthStart);
    const fromMs = Number.isFinite(this.processedToMs) ? this.processedToMs : monthStart - LOOKBACK_MS;
    if (nowMs > fromMs) {
      const setpoints = await this.storage.setpoints.list({ fromMs, toMs: nowMs });
      for (const setpoint of [...setpoints].sort(byIssued)) {
        this.accrue(setpoint.siteId, Math.max(setpoint.issuedAtMs, monthStart), capacities);
        this.inForce.set(setpoint.siteId, {
          miningMw: setpoint.curtailed ? 0 : setpoint.miningMw,
          sinceMs: Math.max(setpoint.issuedAtMs, monthStart),
        });
      }
      for (const siteId of this.inForce.keys()) this.accrue(siteId, nowMs, capacities);
      this.processedToMs = nowMs;
    }
    const today = new Date(nowMs).toISOString().slice(0, 10);
    let btcMonth = 0;
    for (const value of this.byDate.values()) btcMonth += value;
    return { btcToday: this.byDate.get(today) ?? 0, btcMonth };
  }

  private reset(monthStartMs: number): void {
    this.monthStartMs = monthStartMs;
    this.processedToMs = Number.NEGATIVE_INFINITY;
    this.byDate.clear();
    this.inForce.clear();
  }

  /** Adds the site's production from its setpoint in force up to `toMs`, split by UTC day. */
  private accrue(siteId: string, toMs: number, capacities: ReadonlyMap<string, SiteCapacity>): void {
    const state = this.inForce.get(siteId);
    const capacity = capacities.get(siteId);
    if (!state || !capacity) return;
    const ths = Math.min(state.miningMw * capacity.thsPerMw, capacity.deployedThs);
    let t = Math.max(state.sinceMs, this.monthStartMs);
    while (t < toMs && ths > 0) {
      const dayEnd = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;
      const end = Math.min(dayEnd, toMs);
      const date = new Date(t).toISOString().slice(0, 10);
      const btcPerThDay = this.calendar().byDate.get(date)?.btcPerThDay ?? 0;
      const btc = ths * ((end - t) / DAY_MS) * btcPerThDay * (1 - capacity.poolFeeShare);
      this.byDate.set(date, (this.byDate.get(date) ?? 0) + btc);
      t = end;
    }
    state.sinceMs = Math.max(state.sinceMs, toMs);
  }
}

function byIssued(a: SetpointRecord, b: SetpointRecord): number {
  return a.issuedAtMs - b.issuedAtMs || a.seq - b.seq;
}
