import type { MarketFeed } from '../../../core/ports/market-feed.ts';

/** How one feed is polled. */
export interface FeedSchedule {
  readonly feed: MarketFeed;
  /** Poll period, ms of the server's clock. */
  readonly everyMs: number;
  /** One attempt's timeout, ms of wall time. */
  readonly timeoutMs: number;
  /** Oldest a feed's last success may be before it is stale (alert, "planning on last known"), ms. */
  readonly maxAgeMs: number;
  /** Retries after a failed attempt within one poll (default 2), with backoff and jitter. */
  readonly retries?: number;
  /** Series the feed writes, known before its first answer (for the sites a stale feed affects). */
  readonly seriesKeys?: readonly string[];
}

/** Defaults per kind of feed: prices every minute (15-min data), bitcoin every 5 min, weather hourly. */
export const FEED_DEFAULTS = {
  price: { everyMs: 60_000, timeoutMs: 10_000, maxAgeMs: 20 * 60_000 },
  dayAhead: { everyMs: 15 * 60_000, timeoutMs: 15_000, maxAgeMs: 6 * 3_600_000 },
  btcPrice: { everyMs: 60_000, timeoutMs: 5_000, maxAgeMs: 15 * 60_000 },
  network: { everyMs: 5 * 60_000, timeoutMs: 20_000, maxAgeMs: 60 * 60_000 },
  weather: { everyMs: 60 * 60_000, timeoutMs: 20_000, maxAgeMs: 6 * 3_600_000 },
} as const;
