import { FORECAST_HISTORY_DAYS } from '../../../core/backtest/forecast-site-input.ts';
import type { MarketHistoryRepository } from '../../../core/ports/market-history.ts';

const DAY_MS = 86_400_000;

/**
 * The history a feed fills in on its first answer: the forecasters' days before today's UTC day
 * (FORECAST_HISTORY_DAYS + 1, as the live snapshot reads them) up to now.
 */
export function backfillRange(nowMs: number): { fromMs: number; toMs: number } {
  return { fromMs: Math.floor(nowMs / DAY_MS) * DAY_MS - (FORECAST_HISTORY_DAYS + 1) * DAY_MS, toMs: nowMs };
}

/**
 * Whether stored history already holds the start of the range for every series a feed writes (a
 * restart, or history imported from files): then there is nothing to fill in. A feed whose series
 * are unknown before it answers is never taken as covered.
 */
export async function historyCovers(
  history: MarketHistoryRepository,
  seriesKeys: readonly string[],
  range: { fromMs: number; toMs: number },
): Promise<boolean> {
  if (seriesKeys.length === 0) return false;
  for (const key of seriesKeys) {
    const first = await history.points(key, { fromMs: range.fromMs, toMs: range.fromMs + DAY_MS });
    if (first.length === 0) return false;
  }
  return true;
}
