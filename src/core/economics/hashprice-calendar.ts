import type { BtcDay, DifficultyEpoch } from '../market/btc-day.ts';
import { type Hashprice, hashprice } from './hashprice.ts';
import { BLOCKS_PER_DAY } from './network-hashrate.ts';
import { blockSubsidyBtc, estimateBlockHeight } from './subsidy.ts';

/** One day's mining economics and how each input was obtained. */
export interface DailyHashprice extends Hashprice {
  readonly date: string;
  readonly priceUsd: number;
  readonly difficulty: number;
  readonly subsidyBtcPerBlock: number;
  readonly feesBtcPerBlock: number;
  /** True when the day had no fee figure and the trailing mean of earlier days stood in. */
  readonly feesEstimated: boolean;
}

export interface HashpriceCalendar {
  /** Day by `YYYY-MM-DD`. */
  readonly byDate: ReadonlyMap<string, DailyHashprice>;
  /** Days whose fees were estimated (trailing mean of earlier known days). */
  readonly feesEstimatedDates: readonly string[];
  /** Days with no BTC price (or no fee figure before them): no hashprice can be computed for them. */
  readonly unpricedDates: readonly string[];
}

export interface HashpriceCalendarOptions {
  /** Days with known fees averaged to stand in for a day without (default 30). Only earlier days are used. */
  readonly feeLookbackDays?: number;
}

/**
 * Daily hashprice from the BTC data. Fees per block = day's fees / blocks found (144 when the
 * block count is unknown); subsidy per block = the day's subsidy / blocks when known, otherwise
 * from the estimated block height at noon UTC. A day without a fee figure takes the mean fees per
 * block of the last known days before it (never later ones, so a backtest cannot peek ahead), and
 * is listed in `feesEstimatedDates`; a day without a price is listed in `unpricedDates`.
 */
export function buildHashpriceCalendar(
  days: readonly BtcDay[],
  epochs: readonly DifficultyEpoch[],
  options: HashpriceCalendarOptions = {},
): HashpriceCalendar {
  const lookback = options.feeLookbackDays ?? 30;
  const byDate = new Map<string, DailyHashprice>();
  const feesEstimatedDates: string[] = [];
  const unpricedDates: string[] = [];
  const recentFees: number[] = [];
  for (const day of days) {
    const blocks = day.blockCount && day.blockCount > 0 ? day.blockCount : BLOCKS_PER_DAY;
    let feesBtcPerBlock: number | undefined;
    let feesEstimated = false;
    if (day.feesBtc !== null) {
      feesBtcPerBlock = day.feesBtc / blocks;
      recentFees.push(feesBtcPerBlock);
      if (recentFees.length > lookback) recentFees.shift();
    } else if (recentFees.length > 0) {
      feesBtcPerBlock = recentFees.reduce((a, b) => a + b, 0) / recentFees.length;
      feesEstimated = true;
    }
    if (day.priceUsd === null || feesBtcPerBlock === undefined) {
      unpricedDates.push(day.date);
      continue;
    }
    if (feesEstimated) feesEstimatedDates.push(day.date);
    const subsidyBtcPerBlock =
      day.subsidyBtc !== null && day.blockCount
        ? day.subsidyBtc / day.blockCount
        : blockSubsidyBtc(estimateBlockHeight(Date.parse(`${day.date}T12:00:00Z`), epochs));
    const value = hashprice({
      priceUsd: day.priceUsd,
      difficulty: day.difficulty,
      subsidyBtcPerBlock,
      feesBtcPerBlock,
    });
    byDate.set(day.date, {
      ...value,
      date: day.date,
      priceUsd: day.priceUsd,
      difficulty: day.difficulty,
      subsidyBtcPerBlock,
      feesBtcPerBlock,
      feesEstimated,
    });
  }
  return { byDate, feesEstimatedDates, unpricedDates };
}

/** `YYYY-MM-DD` of the UTC day containing `ms`. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
