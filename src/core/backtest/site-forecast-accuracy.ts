import { type ForecastAccuracy, forecastAccuracy } from '../forecast/forecast-accuracy.ts';
import { forecasters } from '../forecast/forecasters.ts';
import { spikeLevels } from './regret.ts';
import type { SiteMarket } from './site-market.ts';
import type { SiteModel } from './site-model.ts';

/**
 * Every live forecaster scored on the site's market price over the cells run (a decision every
 * hour, a day ahead each): MAE, pinball loss and spike hit rate, a spike being a price above the
 * breakeven of the site's most efficient operating point (every miner should sleep).
 * Empty for tariff sites (their prices are known ahead).
 */
export function siteForecastAccuracy(
  model: SiteModel,
  market: SiteMarket,
  fromCell: number,
  toCell: number,
  horizonCells: number,
): ForecastAccuracy[] {
  if (market.priceKnownAhead) return [];
  const levels = spikeLevels(model, market, 0, market.cells);
  return forecastAccuracy(
    market.exportPrice,
    forecasters.filter((f) => !f.usesFuture),
    {
      fromCell,
      toCell,
      every: Math.max(1, Math.round(60 / market.cellMinutes)),
      horizonCells,
      spikeLevel: (cell) => levels[cell]! - market.importAdderUsdPerMwh,
      dayAhead: market.dayAhead,
    },
  );
}
