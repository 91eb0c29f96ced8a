import { ReplayClock } from '../adapters/clock/replay-clock.ts';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../adapters/market-data/index.ts';
import { type FakeFeedServer, startFakeFeedServer } from '../sim/fake-feeds/fake-feed-server.ts';
import { weatherPlaces } from '../sim/fake-feeds/weather-replies.ts';

const WEEK_MS = 7 * 86_400_000;

export interface RunningFakeFeeds extends FakeFeedServer {
  readonly market: ReplayMarketData;
  /** One line for the operator: where the feeds are and which time they serve. */
  readonly summary: string;
}

/**
 * The simulator's fake feeds for a fleet, on one of two clocks. `replay`: the shipped history at
 * the replayed instant (the server's ReplayClock with the same start, speed and anchor). `wall`:
 * the history from `replayFromMs` moved forward by whole weeks (weekdays and hours keep their
 * pattern) to today. Either way with the weather of the fleet's renewable sites.
 */
export async function startFleetFakeFeeds(options: {
  fleetFile: string;
  replayFromMs: number;
  clock: 'wall' | { speed: number; anchorMs: number };
  port?: number;
  host?: string;
  marketDataDir?: string;
}): Promise<RunningFakeFeeds> {
  const market = await ReplayMarketData.load(dataDirFromEnv(options.marketDataDir));
  const places = weatherPlaces(loadFleetFile(options.fleetFile).sites);
  const { clock } = options;
  const offsetMs = clock === 'wall' ? Math.floor((Date.now() - options.replayFromMs) / WEEK_MS) * WEEK_MS : 0;
  const now =
    clock === 'wall'
      ? Date.now
      : (() => {
          const replay = new ReplayClock(options.replayFromMs, clock.speed, Date.now, clock.anchorMs);
          return () => replay.nowMs();
        })();
  const fake = await startFakeFeedServer(market, now, {
    offsetMs,
    weatherPlaces: places,
    port: options.port,
    host: options.host,
  });
  const from = new Date(options.replayFromMs).toISOString().slice(0, 10);
  const summary =
    clock === 'wall'
      ? `fake feeds at ${fake.url} serve the history shifted ${offsetMs / WEEK_MS} weeks forward (${from} onwards as today)`
      : `fake feeds at ${fake.url} serve the history from ${from} at ${clock.speed}x`;
  return { ...fake, market, summary };
}
