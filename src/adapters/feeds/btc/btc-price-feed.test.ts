import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpReply, HttpRequest } from '../http-transport.ts';
import { jsonReply, runMarketFeedContract } from '../market-feed.contract.ts';
import { BtcPriceFeed } from './btc-price-feed.ts';
import {
  bitstampCandles,
  bitstampTicker,
  coinbaseCandles,
  coinbaseTicker,
  krakenCandles,
  krakenTicker,
} from './exchange-tickers.ts';

// Real ticker replies recorded by ccxt (2024-03-13), in ../shared/fixtures/feeds/{coinbase-exchange,
// kraken,bitstamp} (see that folder's README). They are BTC/USDT pairs; the shapes are the USD ones'.
const FIXTURES = join(process.env.SWITCHYARD_FIXTURES_DIR ?? '../shared/fixtures', 'feeds');
const fixture = (path: string) => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
const coinbase = fixture('coinbase-exchange/products_BTC-USDT_ticker.json');
const kraken = fixture('kraken/public_Ticker_pair-XBTUSDT.json');
const bitstamp = fixture('bitstamp/api_v2_ticker_btcusdt.json');
const NOW = Date.parse('2024-03-13T11:10:42Z');
const DAY = Date.parse('2024-03-13T00:00:00Z');

const venues = () => [
  { ticker: coinbaseTicker('BTC-USDT') },
  { ticker: krakenTicker('XBTUSDT') },
  { ticker: bitstampTicker('btcusdt') },
];
const answer = (request: HttpRequest, overrides: Partial<Record<string, unknown>> = {}): HttpReply => {
  const venue = request.url.includes('coinbase')
    ? 'coinbase'
    : request.url.includes('kraken')
      ? 'kraken'
      : 'bitstamp';
  const bodies: Record<string, unknown> = { coinbase, kraken, bitstamp, ...overrides };
  return jsonReply(bodies[venue]);
};

runMarketFeedContract('BTC price, median of Coinbase, Kraken and Bitstamp', {
  create: (transport) => new BtcPriceFeed(venues(), transport),
  nowMs: NOW,
  reply: (request) => answer(request),
  outOfOrderReply: (request) => answer(request),
  expected: [{ key: 'btc:priceUsd', atMs: DAY, value: 73_367.8 }],
});

describe('BtcPriceFeed', () => {
  const poll = (feed: BtcPriceFeed) => feed.poll(NOW, new AbortController().signal);

  it('takes the median of the exchanges that answer (Coinbase 73367.8, Kraken 73380.6, Bitstamp 73285)', async () => {
    const feed = new BtcPriceFeed(venues(), async (r) => answer(r));
    const [reading] = await poll(feed);
    expect(reading!.points).toEqual([{ atMs: DAY, knownAtMs: NOW, value: 73_367.8 }]);
    expect(feed.last?.used).toEqual(['coinbase', 'kraken', 'bitstamp']);
  });

  it('refuses an outlier exchange and uses the others', async () => {
    const feed = new BtcPriceFeed(venues(), async (r) =>
      answer(r, { bitstamp: { ...bitstamp, last: '7328.5' } }),
    );
    const [reading] = await poll(feed);
    expect(reading!.points[0]!.value).toBe((73_367.8 + 73_380.6) / 2);
    expect(feed.last?.refused).toEqual([{ venue: 'bitstamp', price: 7_328.5 }]);
  });

  it('carries on when one exchange is down or answers garbage', async () => {
    const feed = new BtcPriceFeed(venues(), async (r) =>
      r.url.includes('kraken') ? jsonReply({ error: ['EService:Unavailable'], result: {} }) : answer(r),
    );
    expect((await poll(feed))[0]!.points[0]!.value).toBe((73_367.8 + 73_285) / 2);
  });

  it('refuses two exchanges that disagree, naming both prices', async () => {
    const feed = new BtcPriceFeed(venues().slice(0, 2), async (r) =>
      answer(r, {
        kraken: { error: [], result: { XBTUSDT: { ...kraken.result.XBTUSDT, c: ['90000.0', '1'] } } },
      }),
    );
    await expect(poll(feed)).rejects.toThrow(/disagree.*coinbase 73367.8.*kraken 90000/);
  });

  it('reads Kraken under its own pair key (XXBTZUSD for XBTUSD)', async () => {
    const feed = new BtcPriceFeed(
      [{ ticker: krakenTicker('XBTUSD') }, { ticker: coinbaseTicker() }],
      async (r) =>
        r.url.includes('kraken')
          ? jsonReply({ error: [], result: { XXBTZUSD: kraken.result.XBTUSDT } })
          : answer(r),
    );
    expect(feed.last).toBeUndefined();
    await poll(feed);
    expect(feed.last?.used).toEqual(['kraken', 'coinbase']);
  });
});

describe('BtcPriceFeed backfill (daily candles)', () => {
  const DAY_MS = 86_400_000;
  const d0 = Date.parse('2024-03-10T00:00:00Z');
  const now = d0 + 3 * DAY_MS + 3_600_000;
  // Daily candles in each exchange's shape (as the recorded hourly ones): three closed days and today's.
  const closes = {
    coinbase: [70_000, 71_000, 72_000, 99],
    kraken: [70_100, 71_100, 90_000, 99],
    bitstamp: [70_200, 71_200, 72_200, 99],
  };
  const s = (i: number) => (d0 + i * DAY_MS) / 1000;
  const reply = (request: HttpRequest): HttpReply => {
    if (request.url.includes('coinbase'))
      return jsonReply(closes.coinbase.map((c, i) => [s(i), c, c, c, c, 1]).reverse());
    if (request.url.includes('kraken'))
      return jsonReply({
        error: [],
        result: {
          XXBTZUSD: closes.kraken.map((c, i) => [s(i), '1', '1', '1', String(c), '1', '1', 5]),
          last: s(3),
        },
      });
    return jsonReply({
      data: {
        pair: 'BTC/USD',
        ohlc: closes.bitstamp.map((c, i) => ({
          timestamp: String(s(i)),
          open: '1',
          high: '1',
          low: '1',
          close: String(c),
          volume: '1',
        })),
      },
    });
  };
  const venues = [
    { ticker: coinbaseTicker(), candles: coinbaseCandles() },
    { ticker: krakenTicker(), candles: krakenCandles() },
    { ticker: bitstampTicker(), candles: bitstampCandles() },
  ];

  it('reads the recorded candle shapes of Coinbase, Kraken and Bitstamp', () => {
    expect(
      coinbaseCandles().closes(
        'btc-price',
        fixture('coinbase-exchange/products_BTC-USDT_candles_granularity-3600.json'),
      ),
    ).toEqual([{ dayMs: 1_710_327_600_000, close: 73_370.65 }]);
    const kraken = krakenCandles().closes(
      'btc-price',
      fixture('kraken/public_OHLC_pair-XBTUSDT_interval-60.json'),
    );
    expect(kraken).toHaveLength(6);
    expect(kraken[0]).toEqual({ dayMs: 1_706_626_800_000, close: 43_361.1 });
    expect(
      bitstampCandles().closes('btc-price', fixture('bitstamp/api_v2_ohlc_btcusdt_step-3600_limit-1.json')),
    ).toEqual([{ dayMs: 1_710_327_600_000, close: 73_285 }]);
  });

  it('stores each closed day as the median of the venues, an outlier refused, known at its close', async () => {
    const feed = new BtcPriceFeed(venues, async (r) => reply(r));
    const [reading] = await feed.backfill(d0, now, now, new AbortController().signal);
    expect(reading!.points).toEqual([
      { atMs: d0, knownAtMs: d0 + DAY_MS, value: 70_100 },
      { atMs: d0 + DAY_MS, knownAtMs: d0 + 2 * DAY_MS, value: 71_100 },
      { atMs: d0 + 2 * DAY_MS, knownAtMs: d0 + 3 * DAY_MS, value: 72_100 },
    ]);
  });

  it('fails as unavailable when no exchange answers', async () => {
    const feed = new BtcPriceFeed(venues, async () => jsonReply({ message: 'busy' }, 503));
    await expect(feed.backfill(d0, now, now, new AbortController().signal)).rejects.toMatchObject({
      code: 'SY_ERR_FEED_UNAVAILABLE',
    });
  });
});
