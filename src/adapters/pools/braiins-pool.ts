import { type PoolCreditDay, utcDateOfMidnightSeconds } from '../../core/pools/pool-credit.ts';
import type { PoolEarnings, PoolEarningsQuery, PoolEarningsReport } from '../../core/ports/pool-earnings.ts';
import { type PoolHttp, send } from './pool-http.ts';
import { ReplyReader } from './reply-reader.ts';
import { creditsInWindow } from './window.ts';

export interface BraiinsPoolOptions {
  /** The account's access token (header `Pool-Auth-Token`); it names the account. */
  readonly token: string;
  readonly http: PoolHttp;
  /** Default `https://pool.braiins.com` (the twin serves the same paths). */
  readonly baseUrl?: string;
}

/**
 * Braiins Pool's published account API: `GET /accounts/rewards/json/btc?from=&to=` gives
 * `btc.daily_rewards[]`, newest first, one per closed UTC day: `date` in Unix seconds at 00:00 UTC,
 * `total_reward` (mining + BOS+ + referral) as a BTC decimal string. The credit of a day is its
 * `total_reward`. Undocumented extra fields (`shares`, `share_prices`) are ignored.
 */
export class BraiinsPoolEarnings implements PoolEarnings {
  readonly pool = 'braiins' as const;
  readonly #options: BraiinsPoolOptions;

  constructor(options: BraiinsPoolOptions) {
    this.#options = options;
  }

  async dailyCredits(query: PoolEarningsQuery): Promise<PoolEarningsReport> {
    const base = this.#options.baseUrl ?? 'https://pool.braiins.com';
    const body = await send(
      this.pool,
      this.#options.http,
      {
        method: 'GET',
        url: `${base}/accounts/rewards/json/btc?from=${query.fromDate}&to=${query.toDate}`,
        headers: { 'Pool-Auth-Token': this.#options.token, Accept: 'application/json' },
      },
      'rewards',
    );
    const credits = parseBraiinsRewards(body, query.account);
    return {
      pool: this.pool,
      account: query.account,
      credits: creditsInWindow(this.pool, credits, query),
      balance: null,
    };
  }
}

/** The daily credits of a Braiins `accounts/rewards/json/btc` reply, oldest first. */
export function parseBraiinsRewards(body: string, account: string): PoolCreditDay[] {
  const rows = ReplyReader.parse('braiins', body).field('btc').field('daily_rewards').items();
  return rows.map((row) => {
    const dateField: ReplyReader = row.field('date');
    const date =
      utcDateOfMidnightSeconds(dateField.integer()) ??
      dateField.fail('is not a UTC midnight in Unix seconds');
    return { account, date, creditedSats: row.field('total_reward').sats() };
  });
}
