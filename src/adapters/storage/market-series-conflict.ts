import { SwitchyardError } from '../../core/errors/index.ts';
import type { MarketSeriesSpec } from '../../core/ports/market-history.ts';

/** Throws SY_ERR_STORAGE_CONFLICT when a batch's series differs in unit or grid from the stored one. */
export function checkSeriesSpec(stored: MarketSeriesSpec, given: MarketSeriesSpec): void {
  if (stored.unit === given.unit && stored.resolutionMs === given.resolutionMs) return;
  throw new SwitchyardError(
    'SY_ERR_STORAGE_CONFLICT',
    `market series ${given.key} is stored in ${stored.unit} every ${stored.resolutionMs} ms; the batch gives ${given.unit} every ${given.resolutionMs} ms`,
    { key: given.key, unit: given.unit, resolutionMs: given.resolutionMs },
  );
}
