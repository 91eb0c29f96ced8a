import { feedReplyInvalid } from '../feed-error.ts';
import { decimal, list, record } from '../json-fields.ts';

/** One exchange's public ticker: where to ask, and how to read the last trade price from its reply. */
export interface ExchangeTicker {
  readonly venue: string;
  url(baseUrl: string | undefined): string;
  lastPrice(feedId: string, body: unknown): number;
}

/** Coinbase Exchange `GET /products/{product}/ticker`: `price` is a decimal string. */
export function coinbaseTicker(product = 'BTC-USD'): ExchangeTicker {
  return {
    venue: 'coinbase',
    url: (base = 'https://api.exchange.coinbase.com') => `${base}/products/${product}/ticker`,
    lastPrice: (feedId, body) =>
      decimal(feedId, record(feedId, body, 'coinbase reply').price, 'coinbase price'),
  };
}

/**
 * Kraken `GET /0/public/Ticker?pair=…`: `{error: [], result: {<pair key>: {c: [last, volume]}}}`;
 * Kraken answers under its own pair key (`XXBTZUSD` for `XBTUSD`), so the one key in `result` is read.
 */
export function krakenTicker(pair = 'XBTUSD'): ExchangeTicker {
  return {
    venue: 'kraken',
    url: (base = 'https://api.kraken.com') => `${base}/0/public/Ticker?pair=${pair}`,
    lastPrice: (feedId, body) => {
      const reply = record(feedId, body, 'kraken reply');
      const errors = list(feedId, reply.error, 'kraken error');
      if (errors.length > 0) throw feedReplyInvalid(feedId, `kraken error: ${errors.join('; ')}`);
      const result = record(feedId, reply.result, 'kraken result');
      const keys = Object.keys(result);
      const key = keys.includes(pair) ? pair : keys[0];
      if (key === undefined) throw feedReplyInvalid(feedId, 'kraken result has no pair');
      const last = list(
        feedId,
        record(feedId, result[key], `kraken result.${key}`).c,
        `kraken result.${key}.c`,
      );
      return decimal(feedId, last[0], `kraken result.${key}.c[0]`);
    },
  };
}

/** Bitstamp `GET /api/v2/ticker/{pair}/`: `last` is a decimal string. */
export function bitstampTicker(pair = 'btcusd'): ExchangeTicker {
  return {
    venue: 'bitstamp',
    url: (base = 'https://www.bitstamp.net') => `${base}/api/v2/ticker/${pair}/`,
    lastPrice: (feedId, body) =>
      decimal(feedId, record(feedId, body, 'bitstamp reply').last, 'bitstamp last'),
  };
}
