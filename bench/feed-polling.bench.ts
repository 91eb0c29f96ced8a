/**
 * Feed polling cost for `npm run bench -- feeds`: CPU time of one poll of each feed (parse the
 * provider's reply, keep new points, store them) on PGlite, with the replies served in-process from
 * the recorded fixtures (../shared/fixtures/feeds) and ERCOT's published report format, so the
 * network is left out. Goal: polling every feed each minute costs well under 1 % of a core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { ManualClock } from '../src/adapters/clock/replay-clock.ts';
import { AesoFeed } from '../src/adapters/feeds/aeso/aeso-feed.ts';
import { EsploraFeed } from '../src/adapters/feeds/bitcoin/esplora-feed.ts';
import { BtcPriceFeed } from '../src/adapters/feeds/btc/btc-price-feed.ts';
import {
  bitstampCandles,
  bitstampTicker,
  coinbaseCandles,
  coinbaseTicker,
  krakenCandles,
  krakenTicker,
} from '../src/adapters/feeds/btc/exchange-tickers.ts';
import { ErcotPriceFeed } from '../src/adapters/feeds/ercot/ercot-price-feed.ts';
import { apiPriceReply } from '../src/adapters/feeds/ercot/ercot-test-replies.ts';
import type { HttpReply, HttpRequest } from '../src/adapters/feeds/http-transport.ts';
import { OpenMeteoFeed } from '../src/adapters/feeds/open-meteo/open-meteo-feed.ts';
import { openStorage, PGLITE_MEMORY } from '../src/adapters/storage/index.ts';
import { ServerMetrics } from '../src/server/plugins/metrics.ts';
import { FeedPoller } from '../src/server/services/market-feeds/feed-poller.ts';

const FIXTURES = join(process.env.SWITCHYARD_FIXTURES_DIR ?? '../shared/fixtures', 'feeds');
const bytes = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const json = (body: unknown): HttpReply => ({
  status: 200,
  bytes: new TextEncoder().encode(JSON.stringify(body)),
});
const POLLS = 200;

export async function runFeedPollingBench(): Promise<void> {
  const block = JSON.parse(readFileSync(join(FIXTURES, 'mempool/api_v1_blocks_730000.json'), 'utf8'))[0];
  let nowMs = Date.parse('2024-11-05T18:00:00Z');
  // A full day of 15-min HB_WEST prices in each ERCOT reply (what the API returns for a day).
  const rows = (n: number) =>
    Array.from({ length: 96 }, (_, i) => [
      '2024-11-05',
      Math.floor(i / 4) + 1,
      (i % 4) + 1,
      'HB_WEST',
      'HU',
      20 + ((i * 7 + n) % 50),
      false,
    ]);
  let poll = 0;
  const transport = async (r: HttpRequest): Promise<HttpReply> => {
    const u = r.url;
    if (u.includes('b2clogin')) return json({ id_token: 't', expires_in: '3600' });
    if (u.includes('api.ercot.com')) return json(apiPriceReply('rt', rows(poll)));
    if (u.includes('/poolPrice')) return { status: 200, bytes: bytes('aeso/price_poolPrice_v1.1.json') };
    if (u.includes('systemMarginalPrice'))
      return { status: 200, bytes: bytes('aeso/price_systemMarginalPrice_v1.1.json') };
    if (u.includes('/candles'))
      return {
        status: 200,
        bytes: bytes('coinbase-exchange/products_BTC-USDT_candles_granularity-3600.json'),
      };
    if (u.includes('/OHLC'))
      return { status: 200, bytes: bytes('kraken/public_OHLC_pair-XBTUSDT_interval-60.json') };
    if (u.includes('/ohlc/'))
      return { status: 200, bytes: bytes('bitstamp/api_v2_ohlc_btcusdt_step-3600_limit-1.json') };
    if (u.includes('coinbase'))
      return { status: 200, bytes: bytes('coinbase-exchange/products_BTC-USDT_ticker.json') };
    if (u.includes('kraken')) return { status: 200, bytes: bytes('kraken/public_Ticker_pair-XBTUSDT.json') };
    if (u.includes('bitstamp')) return { status: 200, bytes: bytes('bitstamp/api_v2_ticker_btcusdt.json') };
    if (u.endsWith('/tip/height')) return json(730_000);
    if (u.includes('/v1/blocks/')) {
      const from = Number(u.split('/').at(-1));
      return json(Array.from({ length: 15 }, (_, i) => ({ ...block, height: from - i })));
    }
    return { status: 200, bytes: bytes('open-meteo/v1_forecast_hourly_shortwave_temp_wind100m.json') };
  };
  const credentials = { username: 'u', password: 'p', subscriptionKey: 'k' };
  const feeds = [
    new ErcotPriceFeed(
      { market: 'rt', settlementPoint: 'HB_WEST', credentials, misBaseUrl: false },
      transport,
    ),
    new AesoFeed({ apiKey: 'k' }, transport),
    new BtcPriceFeed(
      [
        { ticker: coinbaseTicker('BTC-USDT'), candles: coinbaseCandles('BTC-USDT') },
        { ticker: krakenTicker('XBTUSDT'), candles: krakenCandles('XBTUSDT') },
        { ticker: bitstampTicker('btcusdt'), candles: bitstampCandles('btcusdt') },
      ],
      transport,
    ),
    new EsploraFeed({ baseUrl: 'https://mempool.space/api' }, transport),
    new OpenMeteoFeed({ location: 'bench', latitude: 52.3, longitude: 6.9 }, transport),
  ];
  const storage = await openStorage({ dataDir: PGLITE_MEMORY });
  const clock = new ManualClock(nowMs);
  const poller = new FeedPoller(
    storage,
    clock,
    feeds.map((feed) => ({ feed, everyMs: 60_000, timeoutMs: 10_000, maxAgeMs: 3_600_000 })),
    new ServerMetrics(),
    pino({ level: 'silent' }),
    { sites: async () => [] },
  );
  // The first round also fills in each feed's history (37 days: ERCOT's date range, the candles,
  // a page of blocks per past day, Open-Meteo's past days), once per feed.
  const firstCpu = process.cpuUsage();
  const firstStarted = performance.now();
  await poller.tick();
  const firstUsed = process.cpuUsage(firstCpu);
  console.log(
    `feed history fill-in (first round, with each feed's backfill): ${((firstUsed.user + firstUsed.system) / 1000).toFixed(0)} ms CPU (${(performance.now() - firstStarted).toFixed(0)} ms wall), once per feed at first start`,
  );
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (poll = 1; poll <= POLLS; poll++) {
    nowMs += 60_000;
    clock.set(nowMs);
    await poller.tick();
  }
  const wallMs = (performance.now() - started) / POLLS;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / POLLS;
  console.log(
    `feed polling: ${feeds.length} feeds (ERCOT RT day of 96 prices, AESO, BTC median of 3, Esplora 144 blocks, Open-Meteo) polled together, stored on PGlite: ${cpuMs.toFixed(1)} ms CPU (${wallMs.toFixed(1)} ms wall) per round; once a minute = ${((cpuMs / 60_000) * 100).toFixed(3)} % of a core (goal < 1 %)`,
  );
  await storage.close();
}
