import type { PoolBalance, PoolCreditDay, PoolName } from '../pools/pool-credit.ts';

/** What to ask a pool for: one account's closed UTC days in [fromDate, toDate]. */
export interface PoolEarningsQuery {
  /** The account, sub-account or payout address (as the fleet file's pool account names it). */
  readonly account: string;
  /** First UTC day, `YYYY-MM-DD`. */
  readonly fromDate: string;
  /** Last UTC day, `YYYY-MM-DD`, included. */
  readonly toDate: string;
  /** The poll time, epoch ms (pools that report "yesterday" resolve it from this). */
  readonly nowMs: number;
}

/** One poll's answer: the daily credits the pool reported in the window, and its balance if it gives one. */
export interface PoolEarningsReport {
  readonly pool: PoolName;
  readonly account: string;
  /** Credits per UTC day inside the window, oldest first, one per day; days the pool did not report are absent. */
  readonly credits: readonly PoolCreditDay[];
  readonly balance: PoolBalance | null;
}

/**
 * A mining pool's earnings API (one adapter per pool, each built to the pool's published format;
 * a fake for tests). Errors: SY_ERR_POOL_UNREACHABLE (no answer, HTTP error status),
 * SY_ERR_POOL_REJECTED (the pool's error envelope), SY_ERR_POOL_REPLY_MALFORMED (not the published
 * format; nothing of the reply is returned).
 */
export interface PoolEarnings {
  readonly pool: PoolName;
  dailyCredits(query: PoolEarningsQuery): Promise<PoolEarningsReport>;
}
