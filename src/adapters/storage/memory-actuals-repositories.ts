import type { StoredPoolCredit } from '../../core/pools/pool-credit.ts';
import type {
  EnergyInterval,
  EnergySource,
  MeterMinute,
  PoolCreditOutcome,
  PoolCreditRepository,
  SiteEnergyRepository,
} from '../../core/ports/actuals-repository.ts';
import type { SiteMeterReading } from '../../core/ports/site-meter.ts';
import { byText, copy, type MemoryState } from './memory-state.ts';

const MINUTE_MS = 60_000;

/** Daily pool credits in memory (the fake of SqlPoolCreditRepository). */
export class MemoryPoolCreditRepository implements PoolCreditRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async record(credit: StoredPoolCredit): Promise<PoolCreditOutcome> {
    const key = `${credit.source}\u0000${credit.account}\u0000${credit.date}`;
    const before = this.#state.poolCredits.get(key);
    if (before && before.creditedSats === credit.creditedSats && before.siteId === credit.siteId) {
      // The pool's hashrate of the day may arrive after its credit: kept, not a revision.
      if (credit.poolHashrateHs !== undefined)
        this.#state.poolCredits.set(key, { ...before, poolHashrateHs: credit.poolHashrateHs });
      return 'same';
    }
    const hashrate = credit.poolHashrateHs ?? before?.poolHashrateHs;
    this.#state.poolCredits.set(
      key,
      copy(hashrate === undefined ? credit : { ...credit, poolHashrateHs: hashrate }),
    );
    return before ? 'revised' : 'new';
  }

  async list(filter: { siteId?: string; fromDate: string; toDate: string }): Promise<StoredPoolCredit[]> {
    return [...this.#state.poolCredits.values()]
      .filter(
        (c) =>
          c.date >= filter.fromDate &&
          c.date <= filter.toDate &&
          (filter.siteId === undefined || c.siteId === filter.siteId),
      )
      .sort((a, b) => byText(a.date, b.date) || byText(a.source, b.source) || byText(a.account, b.account))
      .map(copy);
  }
}

/** Meter minutes and energy intervals in memory (the fake of SqlSiteEnergyRepository). */
export class MemorySiteEnergyRepository implements SiteEnergyRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async recordMeter(siteId: string, reading: SiteMeterReading): Promise<void> {
    const minuteMs = Math.floor(reading.atMs / MINUTE_MS) * MINUTE_MS;
    const key = `${siteId}\u0000${minuteMs}`;
    const before = this.#state.meterMinutes.get(key);
    if (before && before.reading.atMs > reading.atMs) return;
    this.#state.meterMinutes.set(key, { siteId, minuteMs, reading: copy(reading) });
  }

  async meterMinutes(siteId: string, fromMs: number, toMs: number): Promise<MeterMinute[]> {
    return [...this.#state.meterMinutes.values()]
      .filter((m) => m.siteId === siteId && m.minuteMs >= fromMs && m.minuteMs < toMs)
      .sort((a, b) => a.minuteMs - b.minuteMs)
      .map(copy);
  }

  async putIntervals(intervals: readonly EnergyInterval[]): Promise<number> {
    for (const interval of intervals)
      this.#state.energyIntervals.set(
        `${interval.siteId}\u0000${interval.source}\u0000${interval.startMs}`,
        copy(interval),
      );
    return intervals.length;
  }

  async intervals(
    siteId: string,
    fromMs: number,
    toMs: number,
    source?: EnergySource,
  ): Promise<EnergyInterval[]> {
    return [...this.#state.energyIntervals.values()]
      .filter(
        (i) =>
          i.siteId === siteId &&
          i.startMs >= fromMs &&
          i.startMs < toMs &&
          (source === undefined || i.source === source),
      )
      .sort((a, b) => a.startMs - b.startMs || byText(a.source, b.source))
      .map(copy);
  }
}
