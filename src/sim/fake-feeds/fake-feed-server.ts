import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MarketData } from '../../core/ports/market-data.ts';
import { ProviderReplies } from './provider-replies.ts';

/** Providers the fake serves, each under its own path prefix. */
export const FAKE_PROVIDERS = ['ercot', 'aeso', 'coinbase', 'kraken', 'bitstamp', 'esplora'] as const;
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
 * Coinbase, Kraken, Bitstamp, mempool.space), replaying market history at `now()` (the simulated
 * clock), or with `offsetMs` the history moved forward to the wall clock, so the server runs
 * through the real adapters and the real polling path.
 */
export async function startFakeFeedServer(
  market: MarketData,
  now: () => number,
  options: { port?: number; host?: string; offsetMs?: number } = {},
): Promise<FakeFeedServer> {
  const replies = new ProviderReplies(market, options.offsetMs);
  const stopped = new Set<FakeProvider>();
  const server: Server = createServer((request, response) => {
    try {
      route(request, response);
    } catch (error) {
      send(response, 500, { message: (error as Error).message });
    }
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
