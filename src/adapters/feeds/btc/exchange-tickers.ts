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

/** One day's close: the candle opening at the UTC midnight `dayMs`. */
export interface DailyClose {
  readonly dayMs: number;
  readonly close: number;
}

/** One exchange's public daily candles: where to ask for [fromMs, toMs), and how to read the closes. */
export interface ExchangeCandles {
  readonly venue: string;
  url(baseUrl: string | undefined, fromMs: number, toMs: number): string;
  closes(feedId: string, body: unknown): DailyClose[];
}

const DAY_S = 86_400;
const seconds = (ms: number) => Math.floor(ms / 1000);

/** Coinbase Exchange `GET /products/{product}/candles?granularity=86400&start&end`: rows `[time, low, high, open, close, volume]`, newest first, at most 300. */
export function coinbaseCandles(product = 'BTC-USD'): ExchangeCandles {
  return {
    venue: 'coinbase',
    url: (base = 'https://api.exchange.coinbase.com', fromMs, toMs) =>
      `${base}/products/${product}/candles?granularity=${DAY_S}&start=${new Date(fromMs).toISOString()}&end=${new Date(toMs).toISOString()}`,
    closes: (feedId, body) =>
      list(feedId, body, 'coinbase candles').map((raw, i) => {
        const row = list(feedId, raw, `coinbase candles[${i}]`);
        return {
          dayMs: decimal(feedId, row[0], `coinbase candles[${i}][0]`) * 1000,
          close: decimal(feedId, row[4], `coinbase candles[${i}][4]`),
        };
      }),
  };
}

/** Kraken `GET /0/public/OHLC?pair&interval=1440&since`: rows `[time, open, high, low, close, vwap, volume, count]` under the pair key, plus `last`. */
export function krakenCandles(pair = 'XBTUSD'): ExchangeCandles {
  return {
    venue: 'kraken',
    url: (base = 'https://api.kraken.com', fromMs) =>
      `${base}/0/public/OHLC?pair=${pair}&interval=1440&since=${seconds(fromMs) - 1}`,
    closes: (feedId, body) => {
      const reply = record(feedId, body, 'kraken reply');
      const errors = list(feedId, reply.error, 'kraken error');
      if (errors.length > 0) throw feedReplyInvalid(feedId, `kraken error: ${errors.join('; ')}`);
      const result = record(feedId, reply.result, 'kraken result');
      const key = Object.keys(result).find((k) => k !== 'last');
      if (key === undefined) throw feedReplyInvalid(feedId, 'kraken result has no pair');
      return list(feedId, result[key], `kraken result.${key}`).map((raw, i) => {
        const row = list(feedId, raw, `kraken result.${key}[${i}]`);
        return {
          dayMs: decimal(feedId, row[0], `kraken result.${key}[${i}][0]`) * 1000,
          close: decimal(feedId, row[4], `kraken result.${key}[${i}][4]`),
        };
      });
    },
  };
}

/** Bitstamp `GET /api/v2/ohlc/{pair}/?step=86400&limit&start`: `{data: {pair, ohlc: [{timestamp, open, high, low, close, volume}]}}`, all strings. */
export function bitstampCandles(pair = 'btcusd'): ExchangeCandles {
  return {
    venue: 'bitstamp',
    url: (base = 'https://www.bitstamp.net', fromMs, toMs) =>
      `${base}/api/v2/ohlc/${pair}/?step=${DAY_S}&limit=${Math.min(1000, Math.ceil((toMs - fromMs) / 86_400_000))}&start=${seconds(fromMs)}`,
    closes: (feedId, body) => {
      const data = record(feedId, record(feedId, body, 'bitstamp reply').data, 'bitstamp data');
      return list(feedId, data.ohlc, 'bitstamp data.ohlc').map((raw, i) => {
        const row = record(feedId, raw, `bitstamp data.ohlc[${i}]`);
        return {
          dayMs: decimal(feedId, row.timestamp, `bitstamp data.ohlc[${i}].timestamp`) * 1000,
          close: decimal(feedId, row.close, `bitstamp data.ohlc[${i}].close`),
        };
      });
    },
  };
}
