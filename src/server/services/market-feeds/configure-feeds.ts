import { AesoFeed } from '../../../adapters/feeds/aeso/aeso-feed.ts';
import { BitcoinCoreFeed } from '../../../adapters/feeds/bitcoin/bitcoin-core-feed.ts';
import { EsploraFeed } from '../../../adapters/feeds/bitcoin/esplora-feed.ts';
import { BtcPriceFeed } from '../../../adapters/feeds/btc/btc-price-feed.ts';
import {
  bitstampCandles,
  bitstampTicker,
  coinbaseCandles,
  coinbaseTicker,
  krakenCandles,
  krakenTicker,
} from '../../../adapters/feeds/btc/exchange-tickers.ts';
import { ErcotPriceFeed } from '../../../adapters/feeds/ercot/ercot-price-feed.ts';
import { fetchTransport, type HttpTransport } from '../../../adapters/feeds/http-transport.ts';
import { OpenMeteoFeed } from '../../../adapters/feeds/open-meteo/open-meteo-feed.ts';
import { readSecret } from '../../../adapters/feeds/secrets.ts';
import type { Site } from '../../../core/fleet/index.ts';
import { FEED_DEFAULTS, type FeedSchedule } from './feed-schedule.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The feeds a fleet needs, configured from the environment (docs/OPERATIONS.md lists the
 * variables; secrets come from `NAME` or the file in `NAME_FILE`, never from the fleet file):
 * one ERCOT feed per `ercot_rt_<point>` / `ercot_da_<point>` series a site names, AESO when a site
 * names `aeso_pool_price` and AESO_API_KEY is set, the BTC price from Coinbase, Kraken and
 * Bitstamp, the Bitcoin network from a node (BITCOIN_RPC_URL) or else Esplora/mempool.space, and
 * Open-Meteo at each site with solar or wind supply. `SWITCHYARD_FEED_*_URL` point a provider
 * elsewhere (the simulator's fake feeds).
 */
export function feedsForFleet(
  sites: readonly Site[],
  env: Env,
  transport: HttpTransport = fetchTransport,
): FeedSchedule[] {
  const schedules: FeedSchedule[] = [];
  const series = new Set(
    sites.flatMap((s) =>
      s.supply.flatMap((x) => (x.kind === 'market' ? [x.series, x.dayAheadSeries ?? ''] : [])),
    ),
  );
  const username = readSecret('ERCOT_API_USERNAME', env);
  const password = readSecret('ERCOT_API_PASSWORD', env);
  const subscriptionKey = readSecret('ERCOT_API_SUBSCRIPTION_KEY', env);
  const credentials =
    username && password && subscriptionKey
      ? { username, password, subscriptionKey, tokenUrl: env.SWITCHYARD_FEED_ERCOT_TOKEN_URL }
      : undefined;
  for (const id of [...series].sort()) {
    const match = /^ercot_(rt|da)_(.+)$/.exec(id);
    if (!match) continue;
    const market = match[1] as 'rt' | 'da';
    const feed = new ErcotPriceFeed(
      {
        market,
        settlementPoint: match[2]!.toUpperCase(),
        seriesId: id,
        credentials,
        apiBaseUrl: env.SWITCHYARD_FEED_ERCOT_API_URL,
        misBaseUrl: env.SWITCHYARD_FEED_ERCOT_MIS_URL,
      },
      transport,
    );
    schedules.push({
      feed,
      ...(market === 'rt' ? FEED_DEFAULTS.price : FEED_DEFAULTS.dayAhead),
      seriesKeys: [`power:${id}`],
    });
  }
  const aesoKey = readSecret('AESO_API_KEY', env);
  if (series.has('aeso_pool_price') && aesoKey) {
    const feed = new AesoFeed({ apiKey: aesoKey, baseUrl: env.SWITCHYARD_FEED_AESO_URL }, transport);
    schedules.push({
      feed,
      ...FEED_DEFAULTS.price,
      maxAgeMs: 90 * 60_000,
      seriesKeys: ['power:aeso_pool_price'],
    });
  }
  const btc = new BtcPriceFeed(
    [
      { ticker: coinbaseTicker(), candles: coinbaseCandles(), baseUrl: env.SWITCHYARD_FEED_COINBASE_URL },
      { ticker: krakenTicker(), candles: krakenCandles(), baseUrl: env.SWITCHYARD_FEED_KRAKEN_URL },
      { ticker: bitstampTicker(), candles: bitstampCandles(), baseUrl: env.SWITCHYARD_FEED_BITSTAMP_URL },
    ],
    transport,
  );
  schedules.push({ feed: btc, ...FEED_DEFAULTS.btcPrice, seriesKeys: ['btc:priceUsd'] });
  const rpcUrl = env.BITCOIN_RPC_URL;
  const network = rpcUrl
    ? new BitcoinCoreFeed(
        {
          url: rpcUrl,
          user: env.BITCOIN_RPC_USER ?? '',
          password: readSecret('BITCOIN_RPC_PASSWORD', env) ?? '',
        },
        transport,
      )
    : new EsploraFeed({ baseUrl: env.SWITCHYARD_FEED_ESPLORA_URL ?? 'https://mempool.space/api' }, transport);
  schedules.push({ feed: network, ...FEED_DEFAULTS.network, seriesKeys: ['btc:difficulty', 'btc:feesBtc'] });
  for (const site of sites) {
    if (!site.supply.some((s) => s.kind === 'solar' || s.kind === 'wind')) continue;
    const feed = new OpenMeteoFeed(
      {
        location: site.id,
        latitude: site.coordinates.lat,
        longitude: site.coordinates.lon,
        baseUrl: env.SWITCHYARD_FEED_OPEN_METEO_URL,
      },
      transport,
    );
    schedules.push({
      feed,
      ...FEED_DEFAULTS.weather,
      seriesKeys: [`forecast:${site.id}:ghi`, `forecast:${site.id}:temp`, `forecast:${site.id}:wind_100m`],
    });
  }
  return schedules;
}
