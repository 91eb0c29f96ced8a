import { SwitchyardError } from '../../../core/errors/index.ts';
import {
  type ConsensusPrice,
  consensusPrice,
  type VenuePrice,
} from '../../../core/market/consensus-price.ts';
import type { FeedReading, MarketFeed } from '../../../core/ports/market-feed.ts';
import type { MarketPointDraft } from '../../../core/ports/market-history.ts';
import { btcDaySpec, DAY_MS } from '../../market-history/series-keys.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport } from '../http-transport.ts';
import type { ExchangeCandles, ExchangeTicker } from './exchange-tickers.ts';

export interface BtcVenue {
  readonly ticker: ExchangeTicker;
  /** Its daily candles, for a backfill. */
  readonly candles?: ExchangeCandles;
  /** Base URL override (the simulator's fake exchange); the exchange's public API when absent. */
  readonly baseUrl?: string;
}

/**
 * BTC/USD from several exchanges' public tickers, asked at once: the median of those that answer,
 * outliers (over 2 % from the median) refused. Stored as today's `btc:priceUsd`, a provisional
 * close known at the poll: each poll is a newer version of the same day.
 */
export class BtcPriceFeed implements MarketFeed {
  readonly id = 'btc-price';
  readonly description: string;
  /** The last poll's consensus: venues used and refused. */
  last: ConsensusPrice | undefined;
  readonly #venues: readonly BtcVenue[];
  readonly #transport: HttpTransport;

  constructor(venues: readonly BtcVenue[], transport: HttpTransport) {
    if (venues.length < 2) throw new RangeError('the BTC price needs at least two exchanges');
    this.#venues = venues;
    this.#transport = transport;
    this.description = `BTC/USD median of ${venues.map((v) => v.ticker.venue).join(', ')}`;
  }

  async poll(nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const answers = await Promise.allSettled(
      this.#venues.map(async (venue): Promise<VenuePrice> => {
        const body = await getJson(this.id, this.#transport, {
          url: venue.ticker.url(venue.baseUrl),
          signal,
        });
        return { venue: venue.ticker.venue, price: venue.ticker.lastPrice(this.id, body) };
      }),
    );
    const prices = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const errors = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    if (prices.length === 0) {
      const first = errors[0];
      throw first instanceof SwitchyardError ? first : feedReplyInvalid(this.id, 'no exchange answered');
    }
    const consensus = consensusPrice(prices);
    if (!consensus) {
      throw feedReplyInvalid(
        this.id,
        `exchanges disagree by more than 2 %: ${prices.map((p) => `${p.venue} ${p.price}`).join(', ')}`,
      );
    }
    this.last = consensus;
    const dayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    return [
      { series: btcDaySpec('priceUsd'), points: [{ atMs: dayMs, knownAtMs: nowMs, value: consensus.price }] },
    ];
  }

  /**
   * Past days' closes from the exchanges' daily candles, each day the median of the venues that
   * have it (outliers refused as in `poll`); only days closed by `nowMs`, known at their close.
   */
  async backfill(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const venues = this.#venues.filter((v) => v.candles);
    const answers = await Promise.allSettled(
      venues.map(async (venue) => {
        const candles = venue.candles!;
        const body = await getJson(this.id, this.#transport, {
          url: candles.url(venue.baseUrl, fromMs, toMs),
          signal,
        });
        return { venue: candles.venue, closes: candles.closes(this.id, body) };
      }),
    );
    const byDay = new Map<number, VenuePrice[]>();
    for (const answer of answers) {
      if (answer.status !== 'fulfilled') continue;
      for (const { dayMs, close } of answer.value.closes) {
        if (dayMs % DAY_MS !== 0 || dayMs < fromMs || dayMs >= toMs || dayMs + DAY_MS > nowMs) continue;
        byDay.set(dayMs, [...(byDay.get(dayMs) ?? []), { venue: answer.value.venue, price: close }]);
      }
    }
    if (byDay.size === 0 && answers.some((a) => a.status === 'rejected')) {
      const first = answers.find((a) => a.status === 'rejected') as PromiseRejectedResult;
      throw first.reason instanceof SwitchyardError
        ? first.reason
        : feedReplyInvalid(this.id, 'no exchange answered');
    }
    const points: MarketPointDraft[] = [];
    for (const [dayMs, prices] of [...byDay].sort((a, b) => a[0] - b[0])) {
      const consensus = consensusPrice(prices);
      if (consensus) points.push({ atMs: dayMs, knownAtMs: dayMs + DAY_MS, value: consensus.price });
    }
    return [{ series: btcDaySpec('priceUsd'), points }];
  }
}
