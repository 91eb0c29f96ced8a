/** The pools whose published earnings APIs Switchyard reads (src/adapters/pools), and the CSV import. */
export const POOL_NAMES = ['braiins', 'f2pool', 'antpool', 'ocean'] as const;
export type PoolName = (typeof POOL_NAMES)[number];

/** Where a stored credit came from: a pool's API, or the operator's payout CSV (src/adapters/payouts). */
export type PoolCreditSource = PoolName | 'csv';

/**
 * What a pool credited one account for one UTC day of hashing, in exact satoshis. A day the pool
 * has not reported is absent, never a zero credit.
 */
export interface PoolCreditDay {
  /** The pool account, sub-account or payout address, as the fleet file names it. */
  readonly account: string;
  /** The UTC day the credit is for (the production day), `YYYY-MM-DD`. */
  readonly date: string;
  /** BTC credited for that day, satoshis (rounded to the nearest satoshi when the pool sends coin-unit doubles). */
  readonly creditedSats: bigint;
  /**
   * The pool's own view of the account's average hashrate over that day, H/s, for pools that report
   * it (Braiins Pool's profile `hash_rate_yesterday`); absent when the pool does not say.
   */
  readonly poolHashrateHs?: bigint;
}

/** The unpaid balance an account holds at the pool at one moment (pools that report one). */
export interface PoolBalance {
  readonly account: string;
  /** When the pool reported it (the poll time), epoch ms. */
  readonly atMs: number;
  readonly unpaidSats: bigint;
}

/** A credit as the books store it: which site it belongs to, from which source, when it was seen. */
export interface StoredPoolCredit extends PoolCreditDay {
  readonly siteId: string;
  readonly source: PoolCreditSource;
  /** When the credit was fetched or imported, epoch ms (a late credit keeps its own production date). */
  readonly recordedAtMs: number;
}

/** `1775174400` (Unix seconds at 00:00 UTC) -> `2026-04-03`; undefined when not at a UTC midnight. */
export function utcDateOfMidnightSeconds(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds % 86_400 !== 0) return undefined;
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function utcDateOf(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 10);
}

/** `2026-04-03` plus `days` (may be negative), as a UTC date. */
export function addUtcDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every UTC date from `from` to `to`, both included. */
export function utcDatesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let date = from; date <= to; date = addUtcDays(date, 1)) out.push(date);
  return out;
}
