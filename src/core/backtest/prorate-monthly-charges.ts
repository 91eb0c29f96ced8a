import { daysInMonthOf } from '../time/calendar.ts';
import type { BacktestTotals } from './backtest-summary.ts';

/** Totals with the month's demand charge prorated to the window, and the charge as booked. */
export type ProratedTotals = BacktestTotals & {
  /** The demand charge as the backtest booked it: the whole month's, set by the window's peak, USD. */
  readonly demandChargeMonthUsd: number;
  /** The window's share of its month (days in the window / days in the month). */
  readonly monthShare: number;
};

const DAY_MS = 86_400_000;

/**
 * A demand charge is monthly (USD per MW of the month's peak): a backtest of a day books the whole
 * month's charge on that day, which makes a profitable day read as a large loss. This prorates it
 * to the window's share of its month (UTC), and moves `usdEarned` by the difference; the charge as
 * booked stays beside it, labelled. Windows longer than their month are left as they are.
 */
export function prorateMonthlyCharges(totals: BacktestTotals, fromMs: number, toMs: number): ProratedTotals {
  const from = new Date(fromMs);
  const days = daysInMonthOf(from.getUTCFullYear(), from.getUTCMonth() + 1);
  const monthShare = Math.min(1, (toMs - fromMs) / DAY_MS / days);
  const proratedUsd = totals.demandChargeUsd * monthShare;
  return {
    ...totals,
    usdEarned: totals.usdEarned + totals.demandChargeUsd - proratedUsd,
    demandChargeUsd: proratedUsd,
    demandChargeMonthUsd: totals.demandChargeUsd,
    monthShare,
  };
}
