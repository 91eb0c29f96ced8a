import type { IntervalOutcome } from '../backtest/settle-interval.ts';
import { usdFloatToMicroUsd } from './exact-units.ts';

/** A site's grid-programme lines over one month, in exact micro-USD (converted once, half-even). */
export interface GridProgrammeSiteMonth {
  readonly siteId: string;
  /** `YYYY-MM` (UTC, like the site-days). */
  readonly month: string;
  /** Unused fixed-price block sold back at the real-time price (power credits). */
  readonly sellBackMicroUsd: bigint;
  /** Capacity payments by service (after any forfeit for a deployment not delivered). */
  readonly ancillaryByService: Readonly<Record<string, bigint>>;
  readonly ancillaryMicroUsd: bigint;
  /** ERS standby and voluntary-conservation credits. */
  readonly drMicroUsd: bigint;
  /** 4CP transmission charge incurred in the month's actual peak interval. */
  readonly fourCpPaidMicroUsd: bigint;
  /** What full load would have paid more at that peak: a memo, never booked. */
  readonly fourCpAvoidedMicroUsd: bigint;
  /** Reduction deployments required and the site delivered, Wh. */
  readonly deployedWh: bigint;
  readonly deliveredWh: bigint;
}

interface Sums {
  sellBack: number;
  ancillary: Map<string, number>;
  dr: number;
  fourCpPaid: number;
  fourCpAvoided: number;
  deployedMwh: number;
  deliveredMwh: number;
}

/**
 * Collects, from the settled intervals of one strategy (a `BacktestSink`), each site's programme
 * lines per UTC month, then converts every sum once to exact units.
 */
export class GridProgrammeCollector {
  readonly #sums = new Map<string, Sums>();

  constructor(
    readonly strategy: string,
    readonly cellMinutes: number,
  ) {}

  interval(strategy: string, siteId: string, outcome: IntervalOutcome): void {
    if (strategy !== this.strategy || !outcome.programmes) return;
    const p = outcome.programmes;
    const month = new Date(outcome.startMs).toISOString().slice(0, 7);
    const key = `${siteId}\u0000${month}`;
    let sums = this.#sums.get(key);
    if (!sums) {
      sums = {
        sellBack: 0,
        ancillary: new Map(),
        dr: 0,
        fourCpPaid: 0,
        fourCpAvoided: 0,
        deployedMwh: 0,
        deliveredMwh: 0,
      };
      this.#sums.set(key, sums);
    }
    const h = this.cellMinutes / 60;
    sums.sellBack += p.sellBackUsd;
    sums.dr += p.ersUsd + p.conservationUsd;
    sums.fourCpPaid += p.fourCpPaidUsd;
    sums.fourCpAvoided += p.fourCpAvoidedUsd;
    sums.deployedMwh += p.deployedMw * h;
    sums.deliveredMwh += p.deliveredMw * h;
    for (const [service, usd] of Object.entries(p.ancillaryUsdByService)) {
      sums.ancillary.set(service, (sums.ancillary.get(service) ?? 0) + usd);
    }
  }

  results(): GridProgrammeSiteMonth[] {
    return [...this.#sums.entries()]
      .map(([key, s]) => {
        const [siteId, month] = key.split('\u0000') as [string, string];
        const ancillaryByService: Record<string, bigint> = {};
        let ancillary = 0n;
        for (const [service, usd] of [...s.ancillary.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
          ancillaryByService[service] = usdFloatToMicroUsd(usd);
          ancillary += ancillaryByService[service]!;
        }
        return {
          siteId,
          month,
          sellBackMicroUsd: usdFloatToMicroUsd(s.sellBack),
          ancillaryByService,
          ancillaryMicroUsd: ancillary,
          drMicroUsd: usdFloatToMicroUsd(s.dr),
          fourCpPaidMicroUsd: usdFloatToMicroUsd(s.fourCpPaid),
          fourCpAvoidedMicroUsd: usdFloatToMicroUsd(s.fourCpAvoided),
          deployedWh: BigInt(Math.round(s.deployedMwh * 1e6)),
          deliveredWh: BigInt(Math.round(s.deliveredMwh * 1e6)),
        };
      })
      .sort((a, b) => (a.siteId === b.siteId ? (a.month < b.month ? -1 : 1) : a.siteId < b.siteId ? -1 : 1));
  }
}
