import { createHmac } from 'node:crypto';
import type { PoolCreditDay } from '../../core/pools/pool-credit.ts';
import type { PoolEarnings, PoolEarningsQuery, PoolEarningsReport } from '../../core/ports/pool-earnings.ts';
import { errorEnvelopeMessage, type PoolHttp, poolRejected, send } from './pool-http.ts';
import { ReplyReader } from './reply-reader.ts';
import { creditsInWindow } from './window.ts';

export interface AntpoolOptions {
  /** Operator API user id, key and secret (the signature is HMAC-SHA256(secret, userId + key + nonce)). */
  readonly userId: string;
  readonly key: string;
  readonly secret: string;
  readonly http: PoolHttp;
  /** Default `https://antpool.com`. */
  readonly baseUrl?: string;
  /** Request nonce (milliseconds by default, any increasing number). */
  readonly nonce?: () => number;
}

const PAGE_SIZE = 50;
const MAX_PAGES = 40;

/**
 * Antpool's published Operator API: `POST /operator/api/paymentHistory.htm` (form-encoded, signed),
 * `type=pps` gives one earnings row per day: `timestamp` `"YYYY-MM-DD HH:MM:SS"` (the day the row
 * credits, taken as the UTC day it names; the doc states no zone) and `amount` in coin units as a
 * string; paged by `page`/`totalPage`. Success is `code` `"000000"` (Operator API) or 0 (user API).
 */
export class AntpoolEarnings implements PoolEarnings {
  readonly pool = 'antpool' as const;
  readonly #options: AntpoolOptions;

  constructor(options: AntpoolOptions) {
    this.#options = options;
  }

  async dailyCredits(query: PoolEarningsQuery): Promise<PoolEarningsReport> {
    const credits: PoolCreditDay[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = await send(
        this.pool,
        this.#options.http,
        {
          method: 'POST',
          url: `${this.#options.baseUrl ?? 'https://antpool.com'}/operator/api/paymentHistory.htm`,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: this.form(query.account, page),
        },
        'paymentHistory',
      );
      const parsed = parseAntpoolPpsHistory(body, query.account);
      credits.push(...parsed.credits);
      // Rows come newest first: stop once a page reaches before the window.
      if (page >= parsed.totalPages || parsed.credits.some((c) => c.date < query.fromDate)) break;
    }
    return {
      pool: this.pool,
      account: query.account,
      credits: creditsInWindow(this.pool, credits, query),
      balance: null,
    };
  }

  private form(account: string, page: number): string {
    const nonce = String((this.#options.nonce ?? Date.now)());
    const signature = createHmac('sha256', this.#options.secret)
      .update(this.#options.userId + this.#options.key + nonce)
      .digest('hex')
      .toUpperCase();
    return new URLSearchParams({
      key: this.#options.key,
      nonce,
      signature,
      coin: 'BTC',
      userId: account,
      type: 'pps',
      page: String(page),
      pageSize: String(PAGE_SIZE),
    }).toString();
  }
}

/** The per-day credits and page count of an Antpool `paymentHistory` (pps) reply. */
export function parseAntpoolPpsHistory(
  body: string,
  account: string,
): { credits: PoolCreditDay[]; totalPages: number } {
  const envelope = errorEnvelopeMessage(body);
  if (envelope !== undefined) throw poolRejected('antpool', 'paymentHistory', envelope);
  const data = ReplyReader.parse('antpool', body).field('data');
  const credits = data
    .field('rows')
    .items()
    .map((row) => {
      const stamp: ReplyReader = row.field('timestamp');
      const date = /^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}$/.exec(stamp.text())?.[1];
      if (date === undefined || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
        return stamp.fail('is not a "YYYY-MM-DD HH:MM:SS" time');
      return { account, date, creditedSats: row.field('amount').sats() };
    });
  return { credits, totalPages: data.field('totalPage').integer() };
}
