import { type FeedHealth, feedAgeMs } from '../feeds/feed-health.ts';
import type { Site } from '../fleet/fleet-schema.ts';

/** A feed past its maximum age, with the sites it feeds and the series it writes. */
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
