import { SwitchyardError } from '../errors/index.ts';
import type { IntervalOutcome } from './settle-interval.ts';

/** One site's revenue lines over one local month, USD: the stack the report shows. */
export interface MonthRevenueStack {
  /** `YYYY-MM`, the site's local billing month. */
  readonly month: string;
  miningUsd: number;
  /** BTC mined (FPPS, after the pool fee). */
  btcMined: number;
  gpuUsd: number;
  /** Renewable/battery exports (not the block). */
  exportUsd: number;
  /** Unused fixed-price block sold back at the real-time price (power credits). */
  sellBackUsd: number;
  ancillaryUsd: number;
  /** ERS standby and voluntary-conservation credits. */
  drUsd: number;
  fourCpPaidUsd: number;
  /** What full load would have paid more in the month's actual 4CP interval (a memo, not cash). */
  fourCpAvoidedUsd: number;
  /** Energy cost including the fixed block. */
  energyCostUsd: number;
  /** Battery wear and demand charges. */
  otherCostUsd: number;
  netUsd: number;
  ancillaryByServiceUsd: Record<string, number>;
  /** Reduction required by deployments and delivered, MWh. */
  deployedMwh: number;
  deliveredMwh: number;
  /** Largest award held in the month, MW, and the MW-hours of capacity held by service. */
  ancillaryMwHoursByService: Record<string, number>;
}

/** Adds settled intervals into per-month stacks. */
export class RevenueStackCollector {
  readonly #months = new Map<string, MonthRevenueStack>();

  add(month: string, outcome: IntervalOutcome, hours: number): void {
    let stack = this.#months.get(month);
    if (!stack) {
      stack = {
        month,
        miningUsd: 0,
        btcMined: 0,
        gpuUsd: 0,
        exportUsd: 0,
        sellBackUsd: 0,
        ancillaryUsd: 0,
        drUsd: 0,
        fourCpPaidUsd: 0,
        fourCpAvoidedUsd: 0,
        energyCostUsd: 0,
        otherCostUsd: 0,
        netUsd: 0,
        ancillaryByServiceUsd: {},
        deployedMwh: 0,
        deliveredMwh: 0,
        ancillaryMwHoursByService: {},
      };
      this.#months.set(month, stack);
    }
    stack.miningUsd += outcome.miningUsd;
    stack.btcMined += outcome.btcMined;
    stack.gpuUsd += outcome.gpuUsd;
    stack.exportUsd += outcome.exportUsd;
    stack.energyCostUsd += outcome.energyCostUsd;
    stack.otherCostUsd += outcome.batteryCostUsd + outcome.demandChargeUsd;
    stack.netUsd += outcome.netUsd;
    const p = outcome.programmes;
    if (!p) return;
    stack.sellBackUsd += p.sellBackUsd;
    stack.ancillaryUsd += p.ancillaryUsd;
    stack.drUsd += p.ersUsd + p.conservationUsd;
    stack.fourCpPaidUsd += p.fourCpPaidUsd;
    stack.fourCpAvoidedUsd += p.fourCpAvoidedUsd;
    stack.deployedMwh += p.deployedMw * hours;
    stack.deliveredMwh += p.deliveredMw * hours;
    for (const [service, mw] of Object.entries(p.awardsMw)) {
      stack.ancillaryMwHoursByService[service] = (stack.ancillaryMwHoursByService[service] ?? 0) + mw * hours;
    }
  }

  months(): MonthRevenueStack[] {
    return [...this.#months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  }
}

/**
 * The backtest's invariant: no ancillary award (with ERS standby) exceeds the curtailable load at its
 * interval. Throws SY_ERR_INTERNAL naming the site and the interval when settlement broke it.
 */
export function assertAwardsCovered(siteId: string, outcome: IntervalOutcome): void {
  const p = outcome.programmes;
  if (!p || p.heldUpMw <= p.curtailableMw + 1e-6) return;
  throw new SwitchyardError(
    'SY_ERR_INTERNAL',
    `site ${siteId}: ${p.heldUpMw.toFixed(3)} MW of capacity held at ${new Date(outcome.startMs).toISOString()} exceeds the ${p.curtailableMw.toFixed(3)} MW of curtailable load`,
    { siteId, at: new Date(outcome.startMs).toISOString() },
  );
}
