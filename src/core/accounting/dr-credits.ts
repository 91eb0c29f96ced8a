import type { IntervalOutcome } from '../backtest/settle-interval.ts';
import { floatToUnits, roundHalfEvenDiv, usdFloatToMicroUsd } from './exact-units.ts';
import { type Posting, transfer } from './ledger.ts';

/** A demand-response window at a site: a fleet-file event, or a grid event entered in the control plane. */
export interface DrWindow {
  readonly siteId: string;
  readonly eventId: string;
  readonly source: 'fleet' | 'grid-event';
  readonly fromMs: number;
  readonly toMs: number;
  /** Credit per MWh curtailed, USD; none when absent (the event is shown, nothing is booked). */
  readonly creditUsdPerMwh?: number;
}

/** A site's mining at full load, to measure curtailment against. */
export interface DrSiteLoad {
  /** Largest mining IT power, MW. */
  readonly maxMiningMw: number;
  readonly pue: number;
}

/** One event at one site over the report's month, in exact units. */
export interface DrEventResult {
  readonly siteId: string;
  readonly eventId: string;
  readonly source: DrWindow['source'];
  /** ISO-8601 start and end of the event. */
  readonly from: string;
  readonly to: string;
  /** Settled time of the event inside the month, seconds. */
  readonly seconds: bigint;
  /** Mining facility energy not drawn during the event (full load - actual, with PUE), Wh (half-even). */
  readonly curtailedWh: bigint;
  /** The credit price in micro-USD per MWh (half-even), when the event has one. */
  readonly creditMicroUsdPerMwh: bigint | undefined;
  /** curtailed MWh x price, micro-USD (half-even). */
  readonly creditMicroUsd: bigint;
}

/**
 * Collects, from the settled intervals of one strategy (a `BacktestSink`), the mining load each
 * site shed during its demand-response windows: curtailed MW = PUE x (max mining MW - mining MW),
 * weighted by the part of the interval inside the window. Full load is the baseline: the credit is
 * for load not drawn, whether the import cap or the strategy shed it.
 */
export class DrCollector {
  readonly #sums = new Map<DrWindow, { mwh: number; ms: number }>();

  constructor(
    readonly strategy: string,
    readonly cellMinutes: number,
    readonly windows: readonly DrWindow[],
    readonly loads: ReadonlyMap<string, DrSiteLoad>,
  ) {}

  interval(strategy: string, siteId: string, outcome: IntervalOutcome): void {
    if (strategy !== this.strategy) return;
    const load = this.loads.get(siteId);
    if (!load) return;
    const endMs = outcome.startMs + this.cellMinutes * 60_000;
    for (const w of this.windows) {
      if (w.siteId !== siteId) continue;
      const ms = Math.min(endMs, w.toMs) - Math.max(outcome.startMs, w.fromMs);
      if (ms <= 0) continue;
      const curtailedMw = Math.max(0, load.pue * (load.maxMiningMw - outcome.miningMw));
      const sum = this.#sums.get(w) ?? { mwh: 0, ms: 0 };
      this.#sums.set(w, { mwh: sum.mwh + (curtailedMw * ms) / 3_600_000, ms: sum.ms + ms });
    }
  }

  /** Each window that overlapped a settled interval, converted once to exact units. */
  results(): DrEventResult[] {
    return this.windows
      .filter((w) => this.#sums.has(w))
      .map((w) => {
        const sum = this.#sums.get(w)!;
        const curtailedWh = floatToUnits(sum.mwh, 1_000_000n, 'half-even');
        const price = w.creditUsdPerMwh === undefined ? undefined : usdFloatToMicroUsd(w.creditUsdPerMwh);
        return {
          siteId: w.siteId,
          eventId: w.eventId,
          source: w.source,
          from: new Date(w.fromMs).toISOString(),
          to: new Date(w.toMs).toISOString(),
          seconds: BigInt(Math.round(sum.ms / 1000)),
          curtailedWh,
          creditMicroUsdPerMwh: price,
          creditMicroUsd: price === undefined ? 0n : roundHalfEvenDiv(curtailedWh * price, 1_000_000n),
        };
      });
  }
}

/**
 * Demand-response credit postings of a month: cash-usd / dr-credits per site and event, keyed
 * `dr:<site>:<event>:<month>` and dated the event's first day in the month.
 */
export function drPostings(month: string, events: readonly DrEventResult[]): Posting[] {
  return events
    .map((e) => {
      const start = e.from.slice(0, 10);
      const date = start.startsWith(month) ? start : `${month}-01`;
      return transfer(
        `dr:${e.siteId}:${e.eventId}:${month}`,
        date,
        'micro-usd',
        'cash-usd',
        'dr-credits',
        e.creditMicroUsd,
        `demand-response credit ${e.siteId} ${e.eventId} (${e.source})`,
      );
    })
    .filter((p): p is Posting => p !== undefined);
}

/** Windows of the fleet file's demand-response events, per site. */
export function fleetDrWindows(
  sites: readonly {
    readonly id: string;
    readonly demandResponse: readonly {
      readonly id: string;
      readonly from: string;
      readonly to: string;
      readonly creditUsdPerMwh?: number | undefined;
    }[];
  }[],
): DrWindow[] {
  return sites.flatMap((site) =>
    site.demandResponse.map((e) => ({
      siteId: site.id,
      eventId: e.id,
      source: 'fleet' as const,
      fromMs: Date.parse(e.from),
      toMs: Date.parse(e.to),
      ...(e.creditUsdPerMwh === undefined ? {} : { creditUsdPerMwh: e.creditUsdPerMwh }),
    })),
  );
}

/** Total credit of the events at one site, micro-USD. */
export function siteDrCredits(events: readonly DrEventResult[] | undefined, siteId: string): bigint {
  return (events ?? []).filter((e) => e.siteId === siteId).reduce((s, e) => s + e.creditMicroUsd, 0n);
}
