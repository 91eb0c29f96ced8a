import { addUtcDays, type PoolBalance, utcDateOf } from '../../core/pools/pool-credit.ts';
import type { PoolEarnings, PoolEarningsQuery, PoolEarningsReport } from '../../core/ports/pool-earnings.ts';
import { errorEnvelopeMessage, type PoolHttp, poolRejected, send } from './pool-http.ts';
import { ReplyReader } from './reply-reader.ts';
import { creditsInWindow } from './window.ts';

export interface F2PoolOptions {
  /** API token (header `F2P-API-SECRET`). */
  readonly secret: string;
  readonly http: PoolHttp;
  /** Default `https://api.f2pool.com`. */
  readonly baseUrl?: string;
  /** v2 currency name, default `bitcoin`. */
  readonly currency?: string;
}

/**
 * F2Pool's published v2 API: `POST /v2/assets/balance` with `{currency, user_name}` gives
 * `balance_info` in coin units (JSON doubles): `yesterday_income` is the credit of the previous
 * UTC day (00:00 UTC day boundary, F2Pool v2 docs), `balance` the unpaid balance. One closed day per
 * poll: the poller asks daily and the store keeps each day. Doubles are rounded to the nearest sat.
 * Errors come as `{code, msg}`.
 */
export class F2PoolEarnings implements PoolEarnings {
  readonly pool = 'f2pool' as const;
  readonly #options: F2PoolOptions;

  constructor(options: F2PoolOptions) {
    this.#options = options;
  }

  async dailyCredits(query: PoolEarningsQuery): Promise<PoolEarningsReport> {
    const base = this.#options.baseUrl ?? 'https://api.f2pool.com';
    const body = await send(
      this.pool,
      this.#options.http,
      {
        method: 'POST',
        url: `${base}/v2/assets/balance`,
        headers: { 'F2P-API-SECRET': this.#options.secret, 'Content-Type': 'application/json' },
        body: JSON.stringify({ currency: this.#options.currency ?? 'bitcoin', user_name: query.account }),
      },
      'assets/balance',
    );
    const parsed = parseF2PoolBalance(body, query.account, query.nowMs);
    return {
      pool: this.pool,
      account: query.account,
      credits: creditsInWindow(this.pool, [parsed.yesterday], query),
      balance: parsed.balance,
    };
  }
}

/** Yesterday's credit and the unpaid balance of an F2Pool v2 `assets/balance` reply polled at `nowMs`. */
export function parseF2PoolBalance(
  body: string,
  account: string,
  nowMs: number,
): { yesterday: { account: string; date: string; creditedSats: bigint }; balance: PoolBalance } {
  const envelope = errorEnvelopeMessage(body);
  if (envelope !== undefined) throw poolRejected('f2pool', 'assets/balance', envelope);
  const info = ReplyReader.parse('f2pool', body).field('balance_info');
  return {
    yesterday: {
      account,
      date: addUtcDays(utcDateOf(nowMs), -1),
      creditedSats: info.field('yesterday_income').sats(),
    },
    balance: { account, atMs: nowMs, unpaidSats: info.field('balance').sats() },
  };
}
