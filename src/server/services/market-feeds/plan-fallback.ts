import type { HashpriceCalendar } from '../../../core/economics/hashprice-calendar.ts';
import { type FallbackSetpoint, fallbackSetpoint } from '../../../core/feeds/failure-policy.ts';
import type { FeedHealth } from '../../../core/feeds/feed-health.ts';
import { feedAgeMs } from '../../../core/feeds/feed-health.ts';
import type { Site } from '../../../core/fleet/index.ts';
import type { MarketData } from '../../../core/ports/market-data.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import { siteFallbackInput } from './site-fallback.ts';

/** A stale feed as the allocation step sees it: its health, the sites it affects, the series it writes. */
export interface StaleFeed {
  readonly health: FeedHealth;
  readonly siteIds: readonly string[];
  readonly seriesKeys: readonly string[];
}

/**
 * Explanation lines for a site planned while feeds it depends on are stale: the feed, its age and
 * what the plan stands on instead (the day-ahead price for a stale real-time price when the site
 * has one, else the last known values and their forecast).
 */
export function staleFeedLines(stale: readonly StaleFeed[], site: Site, nowMs: number): string[] {
  const market = site.supply.find((s) => s.kind === 'market');
  const staleKeys = new Set(stale.flatMap((s) => s.seriesKeys));
  return stale
    .filter((s) => s.siteIds.includes(site.id))
    .map(({ health, seriesKeys }) => {
      const age = feedAgeMs(health, nowMs);
      const old = age === undefined ? 'has not answered yet' : `${Math.round(age / 60_000)} min old`;
      let instead = 'planning on the last known values and their forecast';
      if (market?.kind === 'market' && seriesKeys.includes(`power:${market.series}`)) {
        instead =
          market.dayAheadSeries && !staleKeys.has(`power:${market.dayAheadSeries}`)
            ? `planning on the day-ahead price (${market.dayAheadSeries}) and the last known real-time price`
            : `planning on the last known ${market.series} price and its forecast`;
      } else if (seriesKeys.some((k) => k.startsWith('btc:'))) {
        instead = 'planning on the last known hashprice';
      } else if (seriesKeys.some((k) => k.startsWith('forecast:'))) {
        instead = 'planning on the last weather forecast received, else the weather file';
      }
      return `${health.description} ${old} (maximum ${Math.round(health.maxAgeMs / 60_000)} min): ${instead}`;
    });
}

/** The failure policy's setpoint for a site whose plan failed, from its last setpoint and the snapshot. */
export async function planFailureFallback(input: {
  storage: Storage;
  site: Site;
  market: MarketData;
  calendar: HashpriceCalendar | undefined;
  nowMs: number;
  failingSinceMs: number;
  currencies: Readonly<Record<string, number>>;
}): Promise<FallbackSetpoint> {
  const last = await input.storage.setpoints.latest(input.site.id);
  const calendar = input.calendar ?? { byDate: new Map(), feesEstimatedDates: [], unpricedDates: [] };
  return fallbackSetpoint({
    ...siteFallbackInput(input.site, input.market, calendar, input.nowMs, input.currencies),
    nowMs: input.nowMs,
    failingSinceMs: input.failingSinceMs,
    last: last && { miningMw: last.miningMw, aiMw: last.aiMw, batteryMw: last.batteryMw },
  });
}
