import {
  addUtcDays,
  type PoolCreditDay,
  utcDateOf,
  utcDateOfMidnightSeconds,
} from '../../core/pools/pool-credit.ts';
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
  /**
   * Also read `GET /accounts/profile/json/btc` and attach the pool's `hash_rate_yesterday` to the
   * credit of the UTC day before the poll (the earnings check compares it with the agents').
   */
  readonly readPoolHashrate?: boolean;
}

/** Braiins' `hash_rate_unit` values, in H/s. */
const HASHRATE_UNITS: Readonly<Record<string, number>> = {
  'H/s': 1,
  'Kh/s': 1e3,
  'Mh/s': 1e6,
  'Gh/s': 1e9,
  'Th/s': 1e12,
  'Ph/s': 1e15,
  'Eh/s': 1e18,
};

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
    let credits = parseBraiinsRewards(body, query.account);
    if (this.#options.readPoolHashrate) {
      const profile = await send(
        this.pool,
        this.#options.http,
        {
          method: 'GET',
          url: `${base}/accounts/profile/json/btc`,
          headers: { 'Pool-Auth-Token': this.#options.token, Accept: 'application/json' },
        },
        'profile',
      );
      const yesterday = addUtcDays(utcDateOf(query.nowMs), -1);
      const hs = parseBraiinsYesterdayHashrate(profile);
      credits = credits.map((c) => (c.date === yesterday ? { ...c, poolHashrateHs: hs } : c));
    }
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

/**
 * The pool's average hashrate of the account over yesterday (UTC), H/s, from a Braiins
 * `accounts/profile/json/btc` reply: `btc.hash_rate_yesterday` in `btc.hash_rate_unit` (`Gh/s`).
 */
export function parseBraiinsYesterdayHashrate(body: string): bigint {
  const btc = ReplyReader.parse('braiins', body).field('btc');
  const unitField = btc.field('hash_rate_unit');
  const factor = HASHRATE_UNITS[unitField.text()] ?? unitField.fail('is not a hashrate unit Braiins uses');
  const value = btc.field('hash_rate_yesterday').number();
  if (value < 0) btc.field('hash_rate_yesterday').fail('is negative');
  return BigInt(Math.round(value * factor));
}
