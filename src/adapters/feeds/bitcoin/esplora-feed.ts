import type { FeedReading, MarketFeed } from '../../../core/ports/market-feed.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport } from '../http-transport.ts';
import { decimal, list, record } from '../json-fields.ts';
import { FEE_WINDOW_BLOCKS, networkReadings } from './network-readings.ts';

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
}
