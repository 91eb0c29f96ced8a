import type { FeedReading, MarketFeed } from '../../../core/ports/market-feed.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport } from '../http-transport.ts';
import { decimal, list, record } from '../json-fields.ts';
import { FEE_WINDOW_BLOCKS, networkReadings } from './network-readings.ts';
import { heightBefore, pastNetworkDays, type SampledBlock } from './past-network-days.ts';

const DAY_MS = 86_400_000;

export interface EsploraFeedOptions {
  /** API root, e.g. `https://mempool.space/api` (a self-hosted mempool or Esplora with its v1 extension). */
  readonly baseUrl: string;
  readonly feeBlocks?: number;
}

/**
 * The mempool.space REST API (Esplora's shape plus `/v1`): `GET /blocks/tip/height` (a bare
 * number, served as text/plain), then `GET /v1/blocks/:height` (up to 15 blocks, newest first, each
 * with `difficulty` and `extras.totalFees` in satoshis) until the last 144 blocks are read.
 */
export class EsploraFeed implements MarketFeed {
  readonly id = 'esplora';
  readonly description: string;
  readonly #options: EsploraFeedOptions;
  readonly #transport: HttpTransport;

  constructor(options: EsploraFeedOptions, transport: HttpTransport) {
    this.#options = options;
    this.#transport = transport;
    this.description = `Esplora / mempool.space REST at ${new URL(options.baseUrl).host}`;
  }

  async poll(nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const base = this.#options.baseUrl.replace(/\/$/, '');
    const height = decimal(
      this.id,
      await getJson(this.id, this.#transport, { url: `${base}/blocks/tip/height`, signal }),
      'tip height',
    );
    const want = Math.min(this.#options.feeBlocks ?? FEE_WINDOW_BLOCKS, height + 1);
    const blocks = new Map<number, { height: number; totalFeeSats: number; difficulty: number }>();
    let next = height;
    while (blocks.size < want && next >= 0) {
      const page = list(
        this.id,
        await getJson(this.id, this.#transport, { url: `${base}/v1/blocks/${next}`, signal }),
        `v1/blocks/${next}`,
      );
      if (page.length === 0) break;
      for (const [i, raw] of page.entries()) {
        const block = record(this.id, raw, `v1/blocks/${next}[${i}]`);
        const extras = record(this.id, block.extras, `v1/blocks/${next}[${i}].extras`);
        const h = decimal(this.id, block.height, `v1/blocks/${next}[${i}].height`);
        if (h > height || h <= height - want) continue;
        blocks.set(h, {
          height: h,
          totalFeeSats: decimal(this.id, extras.totalFees, `v1/blocks/${next}[${i}].extras.totalFees`),
          difficulty: decimal(this.id, block.difficulty, `v1/blocks/${next}[${i}].difficulty`),
        });
      }
      const lowest = Math.min(...page.map((raw) => Number((raw as { height?: unknown }).height)));
      if (!(lowest < next)) break;
      next = lowest - 1;
    }
    const tip = blocks.get(height);
    if (!tip) throw feedReplyInvalid(this.id, `v1/blocks/${height} did not include the tip`);
    const blockFeesSats = [...blocks.values()].sort((a, b) => b.height - a.height);
    return networkReadings({ height, difficulty: tip.difficulty, blockFeesSats }, nowMs);
  }

  /**
   * Past days from past blocks: for each day (newest first) one `/v1/blocks/:height` page at the
   * day's estimated last block (anchored on the blocks read so far, up to three pages when the
   * estimate lands outside the day), its blocks sampled for the day's difficulty and fees.
   */
  async backfill(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const base = this.#options.baseUrl.replace(/\/$/, '');
    const tip = decimal(
      this.id,
      await getJson(this.id, this.#transport, { url: `${base}/blocks/tip/height`, signal }),
      'tip height',
    );
    let anchor = { height: tip, timeMs: nowMs };
    const sampled: SampledBlock[] = [];
    const lastDayMs = Math.min(Math.floor(nowMs / DAY_MS) * DAY_MS, toMs) - DAY_MS;
    for (let dayMs = lastDayMs; dayMs >= fromMs; dayMs -= DAY_MS) {
      let height = Math.min(tip, heightBefore(dayMs + DAY_MS, anchor));
      for (let attempt = 0; attempt < 3; attempt++) {
        const page = await this.#blocks(base, height, signal);
        if (page.length === 0) break;
        const newest = page[0]!;
        const oldest = page[page.length - 1]!;
        anchor = { height: oldest.height, timeMs: oldest.timeMs };
        const inDay = page.filter((b) => b.timeMs >= dayMs && b.timeMs < dayMs + DAY_MS);
        sampled.push(...inDay);
        if (inDay.length > 0 || newest.timeMs < dayMs) break;
        height = Math.min(tip, heightBefore(dayMs + DAY_MS, anchor));
      }
    }
    return pastNetworkDays(sampled, fromMs, toMs, nowMs);
  }

  async #blocks(base: string, height: number, signal: AbortSignal): Promise<SampledBlock[]> {
    const path = `v1/blocks/${height}`;
    const page = list(
      this.id,
      await getJson(this.id, this.#transport, { url: `${base}/${path}`, signal }),
      path,
    );
    return page
      .map((raw, i) => {
        const block = record(this.id, raw, `${path}[${i}]`);
        const extras = record(this.id, block.extras, `${path}[${i}].extras`);
        return {
          height: decimal(this.id, block.height, `${path}[${i}].height`),
          timeMs: decimal(this.id, block.timestamp, `${path}[${i}].timestamp`) * 1000,
          totalFeeSats: decimal(this.id, extras.totalFees, `${path}[${i}].extras.totalFees`),
          difficulty: decimal(this.id, block.difficulty, `${path}[${i}].difficulty`),
        };
      })
      .sort((a, b) => b.height - a.height);
  }
}
