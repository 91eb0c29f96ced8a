import type { FeedReading, MarketFeed } from '../../../core/ports/market-feed.ts';
import type { MarketPointDraft } from '../../../core/ports/market-history.ts';
import { powerSpec } from '../../market-history/series-keys.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport } from '../http-transport.ts';
import { list, optionalDecimal, record, utcMinute } from '../json-fields.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface AesoFeedOptions {
  /** API key (AESO_API_KEY); sent in `keyHeader`. */
  readonly apiKey: string;
  /** Report base URL; default the current gateway `https://apimgw.aeso.ca/public/poolprice-api/v1.1`. */
  readonly baseUrl?: string;
  /** `API-KEY` on the current gateway (default), `X-API-Key` on the legacy api.aeso.ca. */
  readonly keyHeader?: string;
  /** Stored series id of the pool price (default `aeso_pool_price`, the shipped file's id). */
  readonly seriesId?: string;
}

/**
 * AESO's Pool Price and System Marginal Price reports (AESO API, report v1.1). Every value is a
 * string; times come in UTC and MPT, and only `begin_datetime_utc` is used. The pool price of an
 * hour is final when the hour ends (the current hour's is empty); the SMP is set minute by minute.
 * Replies come with or without the `timestamp`/`responseCode`/`return` envelope.
 */
export class AesoFeed implements MarketFeed {
  readonly id = 'aeso';
  readonly description: string;
  readonly #options: AesoFeedOptions;
  readonly #transport: HttpTransport;

  constructor(options: AesoFeedOptions, transport: HttpTransport) {
    this.#options = options;
    this.#transport = transport;
    this.description = `AESO pool price and system marginal price (${this.#seriesId})`;
  }

  get #seriesId(): string {
    return this.#options.seriesId ?? 'aeso_pool_price';
  }

  poll(nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    return this.#read(nowMs - 86_400_000, nowMs + 86_400_000, nowMs, signal);
  }

  /** The same reports over the days of [fromMs, toMs) (the API's startDate/endDate range). */
  async backfill(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const readings = await this.#read(fromMs, toMs, nowMs, signal);
    return readings.map((r) => ({ ...r, points: r.points.filter((p) => p.atMs >= fromMs && p.atMs < toMs) }));
  }

  async #read(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const base = this.#options.baseUrl ?? 'https://apimgw.aeso.ca/public/poolprice-api/v1.1';
    const query = `startDate=${isoDay(fromMs)}&endDate=${isoDay(toMs)}`;
    const headers = {
      [this.#options.keyHeader ?? 'API-KEY']: this.#options.apiKey,
      Accept: 'application/json',
    };
    const pool = await getJson(this.id, this.#transport, {
      url: `${base}/price/poolPrice?${query}`,
      headers,
      signal,
    });
    const smp = await getJson(this.id, this.#transport, {
      url: `${base}/price/systemMarginalPrice?${query}`,
      headers,
      signal,
    });
    const poolPoints: MarketPointDraft[] = [];
    const forecastPoints: MarketPointDraft[] = [];
    reportRows(this.id, pool, 'Pool Price Report').forEach((raw, i) => {
      const row = record(this.id, raw, `Pool Price Report[${i}]`);
      const atMs = utcMinute(this.id, row.begin_datetime_utc, `Pool Price Report[${i}].begin_datetime_utc`);
      const price = optionalDecimal(this.id, row.pool_price, `Pool Price Report[${i}].pool_price`);
      if (price !== undefined && atMs < nowMs) {
        poolPoints.push({ atMs, knownAtMs: Math.min(atMs + HOUR_MS, nowMs), value: price });
      }
      const forecast = optionalDecimal(
        this.id,
        row.forecast_pool_price,
        `Pool Price Report[${i}].forecast_pool_price`,
      );
      if (forecast !== undefined) forecastPoints.push({ atMs, knownAtMs: nowMs, value: forecast });
    });
    const smpPoints: MarketPointDraft[] = [];
    reportRows(this.id, smp, 'System Marginal Price Report').forEach((raw, i) => {
      const row = record(this.id, raw, `System Marginal Price Report[${i}]`);
      const path = `System Marginal Price Report[${i}]`;
      const atMs = utcMinute(this.id, row.begin_datetime_utc, `${path}.begin_datetime_utc`);
      const price = optionalDecimal(this.id, row.system_marginal_price, `${path}.system_marginal_price`);
      if (price !== undefined && atMs <= nowMs) smpPoints.push({ atMs, knownAtMs: atMs, value: price });
    });
    const byTime = (a: MarketPointDraft, b: MarketPointDraft) => a.atMs - b.atMs;
    return [
      { series: powerSpec(this.#seriesId, 'CAD', HOUR_MS), points: poolPoints.sort(byTime) },
      {
        series: powerSpec(`${this.#seriesId}_forecast`, 'CAD', HOUR_MS),
        points: forecastPoints.sort(byTime),
      },
      { series: powerSpec('aeso_smp', 'CAD', MINUTE_MS), points: smpPoints.sort(byTime) },
    ];
  }
}

/** The report's rows, with or without the legacy envelope. */
function reportRows(feedId: string, body: unknown, report: string): unknown[] {
  const top = record(feedId, body, 'reply');
  if (top.responseCode !== undefined && String(top.responseCode) !== '200') {
    throw feedReplyInvalid(feedId, `responseCode ${String(top.responseCode)}`);
  }
  const holder = top.return !== undefined ? record(feedId, top.return, 'return') : top;
  if (!(report in holder)) throw feedReplyInvalid(feedId, `reply has no "${report}"`);
  return list(feedId, holder[report], report);
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
