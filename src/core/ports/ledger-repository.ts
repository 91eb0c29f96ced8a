import type { Period, Posting, PostResult } from '../accounting/ledger.ts';

/** Which postings to list: a period, and/or those with a line on an account starting with a prefix. */
export interface PostingFilter {
  readonly period?: Period;
  /** e.g. `mining-revenue:` for every site, or `btc-treasury` for one account. */
  readonly accountPrefix?: string;
  /** Most postings returned (oldest first); all when omitted. */
  readonly limit?: number;
}

/** The net change (debits minus credits) of one account on one UTC day. */
export interface DailyChange {
  readonly date: string;
  readonly change: bigint;
}

/**
 * The persistent double-entry ledger: the same rules as the in-memory `Ledger` of
 * core/accounting (its `validatePosting` decides what may be booked), kept in storage.
 *
 * - Every posting is in one unit and balances (debits = credits) or it is refused whole with
 *   SY_ERR_LEDGER_REJECTED naming it; nothing of it is stored.
 * - Posting is idempotent by key: the same key with the same date, unit and lines is a `duplicate`
 *   (nothing is booked again, the first memo stays); the same key with different content is refused
 *   with SY_ERR_LEDGER_REJECTED.
 * - Amounts are exact whole sats or micro-USD (bigint); balances are exact whatever their size.
 * - Balances are debits minus credits (negate for revenue and payable accounts).
 */
export interface LedgerRepository {
  /** Books one posting atomically: `booked`, or `duplicate` when its key holds the same posting. */
  post(posting: Posting): Promise<PostResult>;
  /**
   * Books postings all or nothing: every posting is checked (also against each other and the stored
   * keys) before any is stored; a refused one leaves the ledger untouched. Keys already holding the
   * same posting count as duplicates.
   */
  postAll(postings: readonly Posting[]): Promise<{ booked: number; duplicates: number }>;
  get(key: string): Promise<Posting | undefined>;
  /** Debits minus credits of one account over a period (all time when omitted). */
  balance(account: string, period?: Period): Promise<bigint>;
  /** Debits minus credits of every account touched in the period (optionally only accounts with a prefix). */
  balances(period?: Period, accountPrefix?: string): Promise<ReadonlyMap<string, bigint>>;
  /** Postings by date, then in the order they were booked. */
  list(filter?: PostingFilter): Promise<Posting[]>;
  /** The account's net change per day with postings in the period, by date (days without any are left out). */
  dailyChanges(account: string, period?: Period): Promise<DailyChange[]>;
}
