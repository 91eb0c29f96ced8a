import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpReply, HttpRequest } from '../http-transport.ts';
import { jsonReply, runMarketFeedContract } from '../market-feed.contract.ts';
import { BtcPriceFeed } from './btc-price-feed.ts';
import { bitstampTicker, coinbaseTicker, krakenTicker } from './exchange-tickers.ts';

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
