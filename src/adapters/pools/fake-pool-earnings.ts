import type { PoolCreditDay, PoolName } from '../../core/pools/pool-credit.ts';
import type { PoolEarnings, PoolEarningsQuery, PoolEarningsReport } from '../../core/ports/pool-earnings.ts';

/** PoolEarnings in memory for service tests: `withCredit(...)` days, `failingWith(error)` for outages. */
export class FakePoolEarnings implements PoolEarnings {
  readonly pool: PoolName;
  readonly #credits: PoolCreditDay[] = [];
  #failure: Error | undefined;
  /** Queries received, oldest first. */
  readonly queries: PoolEarningsQuery[] = [];

  constructor(pool: PoolName = 'braiins') {
    this.pool = pool;
  }

  withCredit(account: string, date: string, creditedSats: bigint): this {
    this.#credits.push({ account, date, creditedSats });
    return this;
  }

  /** Every later call throws `error` (null clears it). */
  failingWith(error: Error | null): this {
    this.#failure = error ?? undefined;
    return this;
  }

  async dailyCredits(query: PoolEarningsQuery): Promise<PoolEarningsReport> {
    this.queries.push(query);
    if (this.#failure) throw this.#failure;
    const credits = this.#credits
      .filter((c) => c.account === query.account && c.date >= query.fromDate && c.date <= query.toDate)
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    return { pool: this.pool, account: query.account, credits, balance: null };
  }
}
