import type { HashpriceCalendar } from '../../../core/economics/hashprice-calendar.ts';
import { type FallbackSetpoint, fallbackSetpoint } from '../../../core/feeds/failure-policy.ts';
import type { FeedHealth } from '../../../core/feeds/feed-health.ts';
import { feedAgeMs } from '../../../core/feeds/feed-health.ts';
import type { Site } from '../../../core/fleet/index.ts';
import type { MarketData } from '../../../core/ports/market-data.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import { siteFallbackInput } from './site-fallback.ts';

/** Explanation lines for a site planned while feeds it depends on are stale. */
export function staleFeedLines(
  stale: readonly { health: FeedHealth; siteIds: readonly string[] }[],
  siteId: string,
  nowMs: number,
): string[] {
  return stale
    .filter((s) => s.siteIds.includes(siteId))
    .map(({ health }) => {
      const age = feedAgeMs(health, nowMs);
      const old = age === undefined ? 'has not answered yet' : `${Math.round(age / 60_000)} min old`;
      return `${health.description} ${old} (maximum ${Math.round(health.maxAgeMs / 60_000)} min): planning on the last known values and the day-ahead price where published`;
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
