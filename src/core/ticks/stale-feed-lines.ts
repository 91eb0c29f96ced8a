import { type FeedHealth, feedAgeMs } from '../feeds/feed-health.ts';

/** A feed past its maximum age, with the sites it feeds. */
export interface StaleFeed {
  readonly health: FeedHealth;
  readonly siteIds: readonly string[];
}

/** Explanation lines for a site planned while feeds it depends on are stale. */
export function staleFeedLines(stale: readonly StaleFeed[], siteId: string, nowMs: number): string[] {
  return stale
    .filter((s) => s.siteIds.includes(siteId))
    .map(({ health }) => {
      const age = feedAgeMs(health, nowMs);
      const old = age === undefined ? 'has not answered yet' : `${Math.round(age / 60_000)} min old`;
      return `${health.description} ${old} (maximum ${Math.round(health.maxAgeMs / 60_000)} min): planning on the last known values and the day-ahead price where published`;
    });
}
