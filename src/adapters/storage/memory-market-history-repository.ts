import type {
  MarketBatch,
  MarketHistoryRepository,
  MarketPoint,
  MarketSeriesInfo,
  MarketWindow,
} from '../../core/ports/market-history.ts';
import { knownRange, resolveAsOf, sortedPoints } from './market-point-codec.ts';
import { checkSeriesSpec } from './market-series-conflict.ts';
import { byText, type MemoryState } from './memory-state.ts';

/** In-memory MarketHistoryRepository: batches kept in insertion order, resolved as SQL does. */
export class MemoryMarketHistoryRepository implements MarketHistoryRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async append(batch: MarketBatch): Promise<number> {
    const points = sortedPoints(batch.points);
    if (points.length === 0) return 0;
    const stored = this.#state.marketSeries.get(batch.series.key);
    if (stored) checkSeriesSpec(stored, batch.series);
    else this.#state.marketSeries.set(batch.series.key, { ...batch.series });
    this.#state.marketBatches.push({ key: batch.series.key, source: batch.source, points });
    return points.length;
  }

  async series(): Promise<MarketSeriesInfo[]> {
    return [...this.#state.marketSeries.values()]
      .sort((a, b) => byText(a.key, b.key))
      .map((spec) => {
        const batches = this.#state.marketBatches.filter((b) => b.key === spec.key);
        let points = 0;
        let firstMs = Number.POSITIVE_INFINITY;
        let lastMs = Number.NEGATIVE_INFINITY;
        let lastKnownAtMs = Number.NEGATIVE_INFINITY;
        for (const batch of batches) {
          points += batch.points.length;
          firstMs = Math.min(firstMs, batch.points[0]!.atMs);
          lastMs = Math.max(lastMs, batch.points[batch.points.length - 1]!.atMs);
          lastKnownAtMs = Math.max(lastKnownAtMs, knownRange(batch.points).max);
        }
        if (points === 0) return { ...spec, points: 0 };
        return { ...spec, points, firstMs, lastMs, lastKnownAtMs };
      });
  }

  async points(key: string, window: MarketWindow = {}): Promise<MarketPoint[]> {
    return resolveAsOf(
      this.#state.marketBatches.filter((b) => b.key === key),
      window,
    );
  }
}
