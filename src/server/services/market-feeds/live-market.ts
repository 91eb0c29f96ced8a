import { type MarketReference, StoredMarketData } from '../../../adapters/market-history/index.ts';
import { FORECAST_HISTORY_DAYS } from '../../../core/backtest/forecast-site-input.ts';
import type { MarketData } from '../../../core/ports/market-data.ts';
import type { MarketHistoryRepository } from '../../../core/ports/market-history.ts';

const DAY_MS = 86_400_000;

/**
 * The market an allocation step plans on in live mode: stored history as known at the step, over
 * the planning grid's span (from the forecasters' history before the step's UTC day, as planFleetAt
 * lays it out, to two days ahead). A replay of the same instant reads the same points, whatever came after.
 */
export function liveMarketSnapshot(
  history: MarketHistoryRepository,
  reference: MarketReference,
): (nowMs: number) => Promise<MarketData> {
  return (nowMs) =>
    StoredMarketData.load(history, {
      reference,
      window: {
        fromMs: Math.floor(nowMs / DAY_MS) * DAY_MS - (FORECAST_HISTORY_DAYS + 1) * DAY_MS,
        toMs: nowMs + 2 * DAY_MS,
        asOfMs: nowMs,
      },
    });
}
