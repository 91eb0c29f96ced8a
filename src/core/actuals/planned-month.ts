import { expectedDaySats, type NetworkDay } from '../accounting/network-day.ts';

const DAY_MS = 86_400_000;

/** One interval the allocator decided for a site (a stored run's first-interval decision). */
export interface PlannedInterval {
  readonly startMs: number;
  readonly durationMs: number;
  readonly miningMw: number;
  readonly gpuMw: number;
}

/** What the allocator's own runs planned for a site over a month: the "planned" column. */
export interface PlannedSiteMonth {
  readonly siteId: string;
  /** Share of the month's elapsed time the stored runs decided (0..1); the rest had no plan. */
  readonly coverage: number;
  /** Planned operating hashrate, EH/s, averaged over the time the runs decided; null without runs. */
  readonly operatingEhs: number | null;
  /** FPPS on the planned hashrate and each day's network data, sats (days without runs add nothing). */
  readonly expectedSats: bigint;
  /** Planned IT energy x PUE over the decided time, Wh. */
  readonly energyWh: number;
}

/**
 * Rolls the allocator's stored decisions of a month up to the planned figures: hashrate is the
 * planned mining MW x the site's nameplate TH/s per MW (capped at deployed), BTC is FPPS on it with
 * the day's network data, energy is the planned mining + GPU load x PUE.
 */
export function plannedSiteMonth(
  siteId: string,
  intervals: readonly PlannedInterval[],
  options: {
    readonly fromMs: number;
    readonly toMs: number;
    readonly thsPerMw: number;
    readonly deployedThs: number;
    readonly pue: number;
    readonly poolFeeBps: bigint;
    readonly network: (date: string) => NetworkDay | undefined;
  },
): PlannedSiteMonth {
  let coveredMs = 0;
  let thsMs = 0;
  let wattMs = 0;
  const thsMsByDay = new Map<string, number>();
  for (const interval of intervals) {
    const start = Math.max(interval.startMs, options.fromMs);
    const end = Math.min(interval.startMs + interval.durationMs, options.toMs);
    if (end <= start) continue;
    const ths = Math.min(interval.miningMw * options.thsPerMw, options.deployedThs);
    coveredMs += end - start;
    thsMs += ths * (end - start);
    wattMs += (interval.miningMw + interval.gpuMw) * 1e6 * options.pue * (end - start);
    for (let t = start; t < end; ) {
      const dayEnd = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;
      const stop = Math.min(dayEnd, end);
      const date = new Date(t).toISOString().slice(0, 10);
      thsMsByDay.set(date, (thsMsByDay.get(date) ?? 0) + ths * (stop - t));
      t = stop;
    }
  }
  let expectedSats = 0n;
  for (const [date, dayThsMs] of thsMsByDay) {
    const network = options.network(date);
    if (!network) continue;
    // The day's planned TH-days as an average over the whole day (hours without a run add 0).
    const hs = BigInt(Math.round((dayThsMs / DAY_MS) * 1e6)) * 1_000_000n;
    expectedSats += expectedDaySats(network, hs, options.poolFeeBps);
  }
  const spanMs = Math.max(0, options.toMs - options.fromMs);
  return {
    siteId,
    coverage: spanMs > 0 ? coveredMs / spanMs : 0,
    operatingEhs: coveredMs > 0 ? thsMs / coveredMs / 1e6 : null,
    expectedSats,
    energyWh: wattMs / 3_600_000,
  };
}
