import type { MarketPointDraft, MarketSeriesSpec } from './market-history.ts';

/** Points of one series a feed read, to be stored with the feed as their source. */
export interface FeedReading {
  readonly series: MarketSeriesSpec;
  readonly points: readonly MarketPointDraft[];
}

/**
 * A market-data feed: one provider's published API (ERCOT, AESO, exchanges, a Bitcoin node,
 * Esplora, Open-Meteo), polled on the server's schedule. Every implementation passes the one
 * contract suite (src/adapters/feeds/market-feed.contract.ts).
 */
export interface MarketFeed {
  /** Stable id, e.g. `ercot-rt`, `btc-price`; the health record and alerts use it. */
  readonly id: string;
  /** What it reads, for people (`ERCOT real-time SPP, HB_WEST`). */
  readonly description: string;
  /**
   * Reads the latest values known at `nowMs`: points sorted by interval start, each known no
   * later than `nowMs`. An answer with no data is an empty list. Fails with
   * SY_ERR_FEED_UNAVAILABLE (no answer, HTTP error, `signal` aborted) or SY_ERR_FEED_REPLY_INVALID
   * (not the published format).
   */
  poll(nowMs: number, signal: AbortSignal): Promise<FeedReading[]>;
  /**
   * Reads the provider's history for intervals in [fromMs, toMs) as known at `nowMs`, from its
   * history endpoint (date ranges, past blocks, daily candles, past days): what a first start
   * stores so the forecasters have their weeks of history. Same points and errors as `poll`.
   */
  backfill?(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]>;
}
