import type { FeedReading, MarketFeed } from '../../../core/ports/market-feed.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport } from '../http-transport.ts';
import { decimal, record } from '../json-fields.ts';
import { FEE_WINDOW_BLOCKS, networkReadings } from './network-readings.ts';
import { pastNetworkDays, SAMPLED_BLOCKS_PER_DAY, type SampledBlock } from './past-network-days.ts';

export interface BitcoinCoreFeedOptions {
  /** `http://127.0.0.1:8332/` */
  readonly url: string;
  /** RPC credentials (BITCOIN_RPC_USER / BITCOIN_RPC_PASSWORD or _FILE); sent as HTTP Basic auth. */
  readonly user: string;
  readonly password: string;
  readonly feeBlocks?: number;
}

/**
 * A Bitcoin Core node over JSON-RPC: `getblockchaininfo` for the tip and difficulty, then one
 * batch of `getblockstats <height> ["totalfee","height"]` for the last 144 blocks. An `error` in an
 * envelope (e.g. -8 "Block height out of range") is SY_ERR_FEED_REPLY_INVALID.
 */
export class BitcoinCoreFeed implements MarketFeed {
  readonly id = 'bitcoin-core';
  readonly description: string;
  readonly #options: BitcoinCoreFeedOptions;
  readonly #transport: HttpTransport;
  #nextId = 1;

  constructor(options: BitcoinCoreFeedOptions, transport: HttpTransport) {
    this.#options = options;
    this.#transport = transport;
    this.description = `Bitcoin Core JSON-RPC at ${new URL(options.url).host}`;
  }

  async poll(nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const info = record(
      this.id,
      this.#result(await this.#call([{ method: 'getblockchaininfo', params: [] }], signal), 0),
      'getblockchaininfo',
    );
    const height = decimal(this.id, info.blocks, 'getblockchaininfo.blocks');
    const difficulty = decimal(this.id, info.difficulty, 'getblockchaininfo.difficulty');
    const count = Math.min(this.#options.feeBlocks ?? FEE_WINDOW_BLOCKS, height + 1);
    const calls = Array.from({ length: count }, (_, i) => ({
      method: 'getblockstats',
      params: [height - i, ['totalfee', 'height']],
    }));
    const replies = await this.#call(calls, signal);
    const blockFeesSats = calls.map((_, i) => {
      const stats = record(this.id, this.#result(replies, i), `getblockstats ${height - i}`);
      return {
        height: decimal(this.id, stats.height, 'getblockstats.height'),
        totalFeeSats: decimal(this.id, stats.totalfee, 'getblockstats.totalfee'),
      };
    });
    return networkReadings({ height, difficulty, blockFeesSats }, nowMs);
  }

  /**
   * Past days from past blocks: `getblockstats` (height, time, totalfee) of every tenth block back
   * from the tip over the range, then `getblockhash` and `getblockheader` of each day's last
   * sampled block for its difficulty; three batched calls.
   */
  async backfill(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const info = record(
      this.id,
      this.#result(await this.#call([{ method: 'getblockchaininfo', params: [] }], signal), 0),
      'getblockchaininfo',
    );
    const tip = decimal(this.id, info.blocks, 'getblockchaininfo.blocks');
    const step = Math.round(144 / SAMPLED_BLOCKS_PER_DAY);
    const span = Math.ceil((nowMs - fromMs) / 600_000) + 144;
    const heights: number[] = [];
    for (let h = tip; h >= Math.max(0, tip - span); h -= step) heights.push(h);
    const stats = await this.#call(
      heights.map((h) => ({ method: 'getblockstats', params: [h, ['height', 'time', 'totalfee']] })),
      signal,
    );
    const blocks = heights.map((_, i) => {
      const s = record(this.id, this.#result(stats, i), `getblockstats ${heights[i]}`);
      return {
        height: decimal(this.id, s.height, 'getblockstats.height'),
        timeMs: decimal(this.id, s.time, 'getblockstats.time') * 1000,
        totalFeeSats: decimal(this.id, s.totalfee, 'getblockstats.totalfee'),
      };
    });
    const lastOfDay = new Map<number, number>();
    for (const b of blocks) {
      const day = Math.floor(b.timeMs / 86_400_000);
      lastOfDay.set(day, Math.max(lastOfDay.get(day) ?? -1, b.height));
    }
    const dayHeights = [...lastOfDay.values()];
    const hashes = await this.#call(
      dayHeights.map((h) => ({ method: 'getblockhash', params: [h] })),
      signal,
    );
    const headers = await this.#call(
      dayHeights.map((_, i) => ({ method: 'getblockheader', params: [this.#result(hashes, i)] })),
      signal,
    );
    const difficultyAt = new Map(
      dayHeights.map((h, i) => [
        h,
        decimal(
          this.id,
          record(this.id, this.#result(headers, i), 'getblockheader').difficulty,
          'getblockheader.difficulty',
        ),
      ]),
    );
    const sampled: SampledBlock[] = blocks.map((b) => {
      const day = Math.floor(b.timeMs / 86_400_000);
      return { ...b, difficulty: difficultyAt.get(lastOfDay.get(day)!)! };
    });
    return pastNetworkDays(sampled, fromMs, toMs, nowMs);
  }

  /** One HTTP POST: a JSON-RPC batch; answers are matched to calls by id. */
  async #call(
    calls: { method: string; params: unknown[] }[],
    signal: AbortSignal,
  ): Promise<Map<number, unknown>> {
    const first = this.#nextId;
    const batch = calls.map((call, i) => ({ jsonrpc: '1.0', id: first + i, ...call }));
    this.#nextId += calls.length;
    const auth = Buffer.from(`${this.#options.user}:${this.#options.password}`).toString('base64');
    // Bitcoin Core answers an RPC error with HTTP 500 (404 for an unknown method) and the envelope.
    const body = await getJson(
      this.id,
      this.#transport,
      {
        url: this.#options.url,
        method: 'POST',
        headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(batch),
        signal,
      },
      [500, 404],
    );
    const envelopes = Array.isArray(body) ? body : [body];
    const byIndex = new Map<number, unknown>();
    envelopes.forEach((raw, n) => {
      const envelope = record(this.id, raw, `reply[${n}]`);
      if (envelope.error !== null && envelope.error !== undefined) {
        const error = record(this.id, envelope.error, 'error');
        throw feedReplyInvalid(this.id, `RPC error ${String(error.code)}: ${String(error.message)}`);
      }
      if (!('result' in envelope)) throw feedReplyInvalid(this.id, `reply[${n}] has no result`);
      const index = typeof envelope.id === 'number' ? envelope.id - first : n;
      byIndex.set(index, envelope.result);
    });
    return byIndex;
  }

  #result(replies: Map<number, unknown>, index: number): unknown {
    if (!replies.has(index)) throw feedReplyInvalid(this.id, `no answer to call ${index + 1} of the batch`);
    return replies.get(index);
  }
}
