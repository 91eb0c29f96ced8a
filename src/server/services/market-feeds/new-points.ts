import type { FeedReading } from '../../../core/ports/market-feed.ts';
import type { MarketHistoryRepository, MarketPointDraft } from '../../../core/ports/market-history.ts';

/**
 * The points of a reading that are not already stored with the same value: a feed answers the same
 * intervals poll after poll, and only new intervals and corrections are worth a batch.
 */
export async function newPoints(
  history: MarketHistoryRepository,
  reading: FeedReading,
): Promise<MarketPointDraft[]> {
  const points = reading.points;
  if (points.length === 0) return [];
  const stored = await history.points(reading.series.key, {
    fromMs: points[0]!.atMs,
    toMs: points[points.length - 1]!.atMs + 1,
  });
  const known = new Map(stored.map((p) => [p.atMs, p.value]));
  return points.filter((p) => !Object.is(known.get(p.atMs), p.value));
}
