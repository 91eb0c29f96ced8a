import type { PoolBalance } from '../../core/pools/pool-credit.ts';
import type { PoolEarnings, PoolEarningsQuery, PoolEarningsReport } from '../../core/ports/pool-earnings.ts';
import { type PoolHttp, send } from './pool-http.ts';
import { ReplyReader } from './reply-reader.ts';

export interface OceanPoolOptions {
  readonly http: PoolHttp;
  /** Default `https://api.ocean.xyz`. */
  readonly baseUrl?: string;
}

/**
 * OCEAN's published public API: `GET /v1/statsnap/{btc_address}` gives `{"result":{...}}` with
 * `unpaid` (BTC as an 8-decimal string). OCEAN pays TIDES shares per block found, so it has no daily
 * FPPS credit: the report carries the unpaid balance (credits stay empty, a labelled gap in the
 * books until the day's payout is imported from OCEAN's CSV report).
 */
export class OceanPoolEarnings implements PoolEarnings {
  readonly pool = 'ocean' as const;
  readonly #options: OceanPoolOptions;

  constructor(options: OceanPoolOptions) {
    this.#options = options;
  }

  async dailyCredits(query: PoolEarningsQuery): Promise<PoolEarningsReport> {
    const base = this.#options.baseUrl ?? 'https://api.ocean.xyz';
    const body = await send(
      this.pool,
      this.#options.http,
      { method: 'GET', url: `${base}/v1/statsnap/${encodeURIComponent(query.account)}`, headers: {} },
      'statsnap',
    );
    return { pool: this.pool, account: query.account, credits: [], balance: parseOceanStatsnap(body, query) };
  }
}

/** The unpaid balance of an OCEAN `statsnap` reply. */
export function parseOceanStatsnap(
  body: string,
  query: Pick<PoolEarningsQuery, 'account' | 'nowMs'>,
): PoolBalance {
  const result = ReplyReader.parse('ocean', body).field('result');
  return { account: query.account, atMs: query.nowMs, unpaidSats: result.field('unpaid').sats() };
}
