import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MarketData } from '../../core/ports/market-data.ts';
import { bitcoinRpcAnswer } from './bitcoin-node-replies.ts';
import { ProviderReplies } from './provider-replies.ts';
import { type FakeWeatherPlace, openMeteoForecast } from './weather-replies.ts';

/** Providers the fake serves, each under its own path prefix. */
export const FAKE_PROVIDERS = [
  'ercot',
  'aeso',
  'coinbase',
  'kraken',
  'bitstamp',
  'esplora',
  'bitcoin-core',
  'open-meteo',
] as const;
export type FakeProvider = (typeof FAKE_PROVIDERS)[number];

export interface FakeFeedServer {
  readonly url: string;
  /** Environment for `switchyard server --live-feeds` to read every feed from this server. */
  env(): Record<string, string>;
  /** A stopped provider answers HTTP 503 (as an outage would) until started again. */
  stop(provider: FakeProvider): void;
  start(provider: FakeProvider): void;
  close(): Promise<void>;
}

/**
 * Local fake feed endpoints in each provider's real format (ERCOT public API and its token, AESO,
 * Coinbase, Kraken and Bitstamp tickers and daily candles, mempool.space, Bitcoin Core JSON-RPC,
 * Open-Meteo), replaying market history at `now()` (the simulated clock), or with `offsetMs` (whole
 * weeks, so weekdays and hours keep their pattern) the history moved forward to the wall clock, so
 * the server runs through the real adapters and the real polling path. History endpoints (date
 * ranges, candles, past blocks, past days) serve the same history, never past `now()`. Weather is
 * the typical year of the weather files at `weatherPlaces` (the fleet's renewable sites).
 */
export async function startFakeFeedServer(
  market: MarketData,
  now: () => number,
  options: {
    port?: number;
    host?: string;
    offsetMs?: number;
    weatherPlaces?: readonly FakeWeatherPlace[];
  } = {},
): Promise<FakeFeedServer> {
  const replies = new ProviderReplies(market, options.offsetMs);
  const bodies = new Map<IncomingMessage, string>();
  const stopped = new Set<FakeProvider>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.set(request, body);
      try {
        route(request, response);
      } catch (error) {
        send(response, 500, { message: (error as Error).message });
      } finally {
        bodies.delete(request);
      }
    });
  });
  const route = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const [, provider, ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const t = now();
    if (stopped.has(provider as FakeProvider)) return send(response, 503, { message: 'provider stopped' });
    if (provider === 'ercot' && path === '/token') {
      return send(response, 200, {
        id_token: 'fake-id-token',
        access_token: 'fake',
        token_type: 'Bearer',
        expires_in: '3600',
      });
    }
    if (provider === 'ercot' && path.startsWith('/api/public-reports/')) {
      const market = path.includes('spp_node_zone_hub')
        ? 'rt'
        : path.includes('dam_stlmnt_pnt_prices')
          ? 'da'
          : undefined;
      if (!market) return send(response, 404, { message: 'unknown report' });
      return send(
        response,
        200,
        replies.ercotPrices(market, q('settlementPoint'), q('deliveryDateFrom'), q('deliveryDateTo'), t),
      );
    }
    if (provider === 'aeso' && path === '/price/poolPrice') {
      return send(response, 200, replies.aesoPoolPrice(q('startDate'), q('endDate'), t));
    }
    if (provider === 'aeso' && path === '/price/systemMarginalPrice') {
      return send(response, 200, {
        timestamp: new Date(t).toISOString(),
        responseCode: '200',
        return: { 'System Marginal Price Report': [] },
      });
    }
    const candles = candleReply(provider, path, url.searchParams, replies, t);
    if (candles !== undefined) return send(response, 200, candles);
    if (provider === 'bitcoin-core' && request.method === 'POST') {
      let calls: unknown;
      try {
        calls = JSON.parse(bodies.get(request) ?? '');
      } catch {
        return send(response, 500, {
          result: null,
          error: { code: -32700, message: 'Parse error' },
          id: null,
        });
      }
      const answer = (call: unknown) => bitcoinRpcAnswer(replies.chain, (call ?? {}) as object, t);
      return send(response, 200, Array.isArray(calls) ? calls.map(answer) : answer(calls));
    }
    if (provider === 'open-meteo' && path === '/v1/forecast') {
      const reply = openMeteoForecast(market, options.weatherPlaces ?? [], url.searchParams, t);
      return send(response, 'error' in reply ? 400 : 200, reply);
    }
    const price = replies.btcPrice(t);
    if (provider === 'coinbase' && path.endsWith('/ticker')) {
      return price === undefined
        ? send(response, 404, { message: 'NotFound' })
        : send(response, 200, { price: price.toFixed(2), time: new Date(t).toISOString() });
    }
    if (provider === 'kraken' && path === '/0/public/Ticker') {
      return send(
        response,
        200,
        price === undefined
          ? { error: ['EQuery:Unknown asset pair'] }
          : { error: [], result: { XXBTZUSD: { c: [price.toFixed(5), '0.001'] } } },
      );
    }
    if (provider === 'bitstamp' && path.startsWith('/api/v2/ticker/')) {
      return price === undefined
        ? send(response, 404, { message: 'not found' })
        : send(response, 200, { last: price.toFixed(0), timestamp: String(Math.floor(t / 1000)) });
    }
    if (provider === 'esplora' && path === '/blocks/tip/height') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return response.end(String(replies.tipHeight(t)));
    }
    const blocks = /^\/v1\/blocks\/(\d+)$/.exec(path);
    if (provider === 'esplora' && blocks)
      return send(response, 200, replies.mempoolBlocks(Number(blocks[1]), t));
    return send(response, 404, { message: `no route ${url.pathname}` });
  };
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    env: () => ({
      ERCOT_API_USERNAME: 'fake',
      ERCOT_API_PASSWORD: 'fake',
      ERCOT_API_SUBSCRIPTION_KEY: 'fake',
      SWITCHYARD_FEED_ERCOT_TOKEN_URL: `${url}/ercot/token`,
      SWITCHYARD_FEED_ERCOT_API_URL: `${url}/ercot/api/public-reports`,
      SWITCHYARD_FEED_ERCOT_MIS_URL: `${url}/ercot-mis`,
      AESO_API_KEY: 'fake',
      SWITCHYARD_FEED_AESO_URL: `${url}/aeso`,
      SWITCHYARD_FEED_COINBASE_URL: `${url}/coinbase`,
      SWITCHYARD_FEED_KRAKEN_URL: `${url}/kraken`,
      SWITCHYARD_FEED_BITSTAMP_URL: `${url}/bitstamp`,
      SWITCHYARD_FEED_ESPLORA_URL: `${url}/esplora`,
      SWITCHYARD_FEED_OPEN_METEO_URL: `${url}/open-meteo`,
    }),
    stop: (provider) => void stopped.add(provider),
    start: (provider) => void stopped.delete(provider),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Daily candles in each exchange's format (Coinbase rows newest first, Kraken rows and `last`, Bitstamp `data.ohlc`). */
function candleReply(
  provider: string | undefined,
  path: string,
  q: URLSearchParams,
  replies: ProviderReplies,
  nowMs: number,
): unknown {
  const DAY_MS = 86_400_000;
  const row = (c: { dayMs: number; close: number }) => c.close.toFixed(2);
  if (provider === 'coinbase' && path.endsWith('/candles')) {
    const from = Date.parse(q.get('start') ?? '') || nowMs - 300 * DAY_MS;
    const to = Date.parse(q.get('end') ?? '') || nowMs;
    return replies
      .btcDailyCloses(from, to, nowMs)
      .reverse()
      .map((c) => [c.dayMs / 1000, c.close, c.close, c.close, c.close, 100]);
  }
  if (provider === 'kraken' && path === '/0/public/OHLC') {
    const from = (Number(q.get('since')) || 0) * 1000 + 1;
    const rows = replies
      .btcDailyCloses(Math.max(from, nowMs - 720 * DAY_MS), nowMs, nowMs)
      .map((c) => [c.dayMs / 1000, row(c), row(c), row(c), row(c), row(c), '100.0', 1000]);
    return { error: [], result: { XXBTZUSD: rows, last: Math.floor(nowMs / DAY_MS) * 86_400 } };
  }
  if (provider === 'bitstamp' && path.startsWith('/api/v2/ohlc/')) {
    const from = (Number(q.get('start')) || 0) * 1000;
    const limit = Number(q.get('limit')) || 1000;
    const ohlc = replies.btcDailyCloses(from, from + limit * DAY_MS, nowMs).map((c) => ({
      timestamp: String(c.dayMs / 1000),
      open: row(c),
      high: row(c),
      low: row(c),
      close: row(c),
      volume: '100',
    }));
    return { data: { pair: 'BTC/USD', ohlc } };
  }
  return undefined;
}
