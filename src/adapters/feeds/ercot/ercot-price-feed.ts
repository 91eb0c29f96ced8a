import { SwitchyardError } from '../../../core/errors/index.ts';
import type { FeedReading, MarketFeed } from '../../../core/ports/market-feed.ts';
import { parseCsv } from '../../market-data/csv-parse.ts';
import { powerSpec } from '../../market-history/series-keys.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport, send } from '../http-transport.ts';
import { list, record } from '../json-fields.ts';
import { misDocuments } from './ercot-listings.ts';
import { ERCOT_COLUMNS, type ErcotMarket, ercotPricePoints } from './ercot-price-rows.ts';
import { type ErcotCredentials, ErcotToken } from './ercot-token.ts';
import { firstZipEntry } from './zip-entry.ts';

/** ERCOT's products: EMIL id, the API's data endpoint and the MIS report type id. */
const PRODUCTS = {
  rt: { endpoint: 'np6-905-cd/spp_node_zone_hub', reportTypeId: 12301, resolutionMs: 900_000 },
  da: { endpoint: 'np4-190-cd/dam_stlmnt_pnt_prices', reportTypeId: 12331, resolutionMs: 3_600_000 },
} as const;

export interface ErcotPriceFeedOptions {
  readonly market: ErcotMarket;
  /** Any hub, load zone or resource node, e.g. `HB_WEST`. */
  readonly settlementPoint: string;
  /** Stored series id (default `ercot_<market>_<point lower case>`, e.g. `ercot_rt_hb_west`). */
  readonly seriesId?: string;
  /** Public API credentials; without them only the MIS path is used. */
  readonly credentials?: ErcotCredentials;
  /** Default `https://api.ercot.com/api/public-reports`. */
  readonly apiBaseUrl?: string;
  /** Default `https://www.ercot.com`; `false` turns the MIS path off. */
  readonly misBaseUrl?: string | false;
  /** MIS documents read per poll (the newest first): 4 fifteen-minute reports, or 1 day-ahead report. */
  readonly misDocuments?: number;
}

/**
 * ERCOT settlement point prices for one point: real-time (NP6-905-CD, every 15 min) or day-ahead
 * (NP4-190-CD, hourly). First path: ERCOT's public data API, with the subscription key and a bearer
 * token (`Ocp-Apim-Subscription-Key`, `Authorization: Bearer`), asking today and yesterday. Second
 * path, when the API fails or no credentials are set: the MIS report listing and the newest report
 * downloads (ZIP files holding ERCOT's published CSV).
 */
export class ErcotPriceFeed implements MarketFeed {
  readonly id: string;
  readonly description: string;
  /** Which path answered last: `api` or `mis`. */
  lastPath: 'api' | 'mis' | undefined;
  readonly #options: ErcotPriceFeedOptions;
  readonly #transport: HttpTransport;
  readonly #token: ErcotToken | undefined;

  constructor(options: ErcotPriceFeedOptions, transport: HttpTransport) {
    this.#options = options;
    this.#transport = transport;
    this.id = `ercot-${options.market}-${options.settlementPoint.toLowerCase().replace(/_/g, '-')}`;
    this.description = `ERCOT ${options.market === 'rt' ? 'real-time' : 'day-ahead'} SPP, ${options.settlementPoint}`;
    this.#token = options.credentials ? new ErcotToken(this.id, options.credentials, transport) : undefined;
  }

  get seriesId(): string {
    return (
      this.#options.seriesId ?? `ercot_${this.#options.market}_${this.#options.settlementPoint.toLowerCase()}`
    );
  }

  async poll(nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const product = PRODUCTS[this.#options.market];
    const series = powerSpec(this.seriesId, 'USD', product.resolutionMs);
    let apiError: unknown;
    if (this.#token) {
      try {
        const rows = await this.#apiRows(nowMs, signal);
        this.lastPath = 'api';
        return [{ series, points: this.#points(rows, 'api', nowMs) }];
      } catch (error) {
        if (signal.aborted || this.#options.misBaseUrl === false) throw error;
        if (error instanceof SwitchyardError && error.code === 'SY_ERR_FEED_UNAVAILABLE')
          this.#token.forget();
        apiError = error;
      }
    }
    if (this.#options.misBaseUrl === false)
      throw feedReplyInvalid(this.id, 'no API credentials and the MIS path is off');
    try {
      const rows = await this.#misRows(signal);
      this.lastPath = 'mis';
      return [{ series, points: this.#points(rows, 'csv', nowMs) }];
    } catch (error) {
      throw apiError ?? error;
    }
  }

  /**
   * The API's query over the delivery days of [fromMs, toMs) (ERCOT's date range parameters);
   * the MIS path keeps only recent reports, so a backfill needs the API credentials.
   */
  async backfill(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    if (!this.#token) throw feedReplyInvalid(this.id, 'a backfill needs the public API credentials');
    const product = PRODUCTS[this.#options.market];
    const rows = await this.#apiRows(nowMs, signal, fromMs, toMs);
    const points = this.#points(rows, 'api', nowMs).filter((p) => p.atMs >= fromMs && p.atMs < toMs);
    return [{ series: powerSpec(this.seriesId, 'USD', product.resolutionMs), points }];
  }

  #points(rows: Record<string, unknown>[], source: 'api' | 'csv', nowMs: number) {
    const columns = ERCOT_COLUMNS[this.#options.market][source];
    return ercotPricePoints(
      this.id,
      rows,
      columns,
      this.#options.settlementPoint,
      this.#options.market,
      nowMs,
    );
  }

  async #apiRows(
    nowMs: number,
    signal: AbortSignal,
    fromMs = nowMs - 86_400_000,
    toMs = nowMs + 86_400_000,
  ): Promise<Record<string, unknown>[]> {
    const bearer = await this.#token!.bearer(nowMs, signal);
    const base = this.#options.apiBaseUrl ?? 'https://api.ercot.com/api/public-reports';
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const rows: Record<string, unknown>[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const query = new URLSearchParams({
        deliveryDateFrom: day(fromMs),
        deliveryDateTo: day(toMs),
        settlementPoint: this.#options.settlementPoint,
        page: String(page),
        size: '2000',
      });
      const body = record(
        this.id,
        await getJson(this.id, this.#transport, {
          url: `${base}/${PRODUCTS[this.#options.market].endpoint}?${query}`,
          headers: {
            'Ocp-Apim-Subscription-Key': this.#options.credentials!.subscriptionKey,
            Authorization: `Bearer ${bearer}`,
          },
          signal,
        }),
        'reply',
      );
      const names = list(this.id, body.fields, 'fields').map((f, i) =>
        String(record(this.id, f, `fields[${i}]`).name),
      );
      list(this.id, body.data, 'data').forEach((raw, i) => {
        if (Array.isArray(raw)) rows.push(Object.fromEntries(names.map((name, c) => [name, raw[c]])));
        else rows.push(record(this.id, raw, `data[${i}]`));
      });
      const meta = body._meta === undefined ? {} : record(this.id, body._meta, '_meta');
      pages = Math.min(Number(meta.totalPages ?? 1) || 1, 50);
    }
    return rows;
  }

  async #misRows(signal: AbortSignal): Promise<Record<string, unknown>[]> {
    const base = this.#options.misBaseUrl ?? 'https://www.ercot.com';
    const product = PRODUCTS[this.#options.market];
    const listing = await getJson(this.id, this.#transport, {
      url: `${base}/misapp/servlets/IceDocListJsonWS?reportTypeId=${product.reportTypeId}`,
      signal,
    });
    const newest = misDocuments(this.id, listing)
      .filter((doc) => !/xml/i.test(doc.name ?? ''))
      .sort((a, b) => b.postedMs - a.postedMs)
      .slice(0, this.#options.misDocuments ?? (this.#options.market === 'rt' ? 4 : 1));
    const rows: Record<string, unknown>[] = [];
    for (const doc of newest) {
      const reply = await send(this.id, this.#transport, {
        url: `${base}/misdownload/servlets/mirDownload?doclookupId=${doc.docId}`,
        signal,
      });
      let table: ReturnType<typeof parseCsv>;
      try {
        table = parseCsv(new TextDecoder().decode(firstZipEntry(reply.bytes).data), `mis:${doc.docId}`);
      } catch (error) {
        throw feedReplyInvalid(this.id, `MIS document ${doc.docId}: ${(error as Error).message}`);
      }
      for (const row of table.rows)
        rows.push(Object.fromEntries(table.header.map((name, c) => [name, row.cells[c]])));
    }
    return rows;
  }
}
