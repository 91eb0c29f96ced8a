import type { Forecaster } from './forecaster.ts';
import type { IntervalGrid } from './interval-grid.ts';
import { type ProbabilisticForecaster, QUANTILE_LEVELS } from './learned-forecaster.ts';
import { ObservedHistory, PublishedDayAhead } from './observed-history.ts';

/** How well a forecaster predicted a series, over every decision of a period and its whole horizon. */
export interface ForecastAccuracy {
  readonly forecaster: string;
  readonly decisions: number;
  /** Mean absolute error of the point forecast (the price a plan uses), USD/MWh. */
  readonly maeUsdPerMwh: number;
  /** The same over the first hour after each decision. */
  readonly maeNextHourUsdPerMwh: number;
  /**
   * Mean pinball (quantile) loss over the levels 5 %..95 %, USD/MWh; a point forecaster is scored
   * as if every quantile were its point, so the figures compare.
   */
  readonly pinballUsdPerMwh: number;
  /** Spike cells (actual above the spike level) whose forecast was above it too, share of them. */
  readonly spikeHitRate: number | undefined;
  /** Forecast spikes that did not happen: share of forecast-above-level cells whose actual was below. */
  readonly falseSpikeRate: number | undefined;
  readonly spikeCells: number;
}

export interface AccuracyOptions {
  readonly fromCell: number;
  readonly toCell: number;
  /** Decide every this many cells (e.g. hourly). */
  readonly every: number;
  readonly horizonCells: number;
  /** Spike level of cell i (USD/MWh, same scale as the series); a cell above it is a spike. */
  readonly spikeLevel: (cell: number) => number;
  readonly dayAhead?: { readonly grid: IntervalGrid; readonly publishedFromIndex: Int32Array };
}

/** Scores each forecaster on the actual series, deciding from what was known at each decision. */
export function forecastAccuracy(
  actual: IntervalGrid,
  forecasters: readonly Forecaster[],
  options: AccuracyOptions,
): ForecastAccuracy[] {
  return forecasters.map((forecaster) => {
    let decisions = 0;
    let cells = 0;
    let absolute = 0;
    let nearCells = 0;
    let nearAbsolute = 0;
    let pinball = 0;
    let spikes = 0;
    let hits = 0;
    let forecastSpikes = 0;
    let falseSpikes = 0;
    const nearHorizon = Math.max(1, Math.round(60 / actual.cellMinutes));
    for (let t = options.fromCell; t < options.toCell; t += options.every) {
      const n = Math.min(options.horizonCells, actual.values.length - t);
      if (n <= 0) break;
      const inputs = {
        history: new ObservedHistory(actual, t),
        cells: n,
        dayAhead: options.dayAhead
          ? new PublishedDayAhead(options.dayAhead.grid, options.dayAhead.publishedFromIndex, t)
          : undefined,
      };
      const point = forecaster.forecast(inputs);
      const quantiles = isProbabilistic(forecaster)
        ? forecaster.forecastQuantiles(inputs).quantiles
        : undefined;
      decisions++;
      for (let k = 0; k < n; k++) {
        const value = actual.values[t + k]!;
        if (Number.isNaN(value)) continue;
        const error = Math.abs(point[k]! - value);
        cells++;
        absolute += error;
        if (k < nearHorizon) {
          nearCells++;
          nearAbsolute += error;
        }
        let loss = 0;
        QUANTILE_LEVELS.forEach((level, l) => {
          loss += pinballLoss(quantiles ? quantiles[l]![k]! : point[k]!, value, level);
        });
        pinball += loss / QUANTILE_LEVELS.length;
        const level = options.spikeLevel(t + k);
        const isSpike = value > level;
        const saidSpike = point[k]! > level;
        if (isSpike) spikes++;
        if (isSpike && saidSpike) hits++;
        if (saidSpike) forecastSpikes++;
        if (saidSpike && !isSpike) falseSpikes++;
      }
    }
    return {
      forecaster: forecaster.name,
      decisions,
      maeUsdPerMwh: cells > 0 ? absolute / cells : Number.NaN,
      maeNextHourUsdPerMwh: nearCells > 0 ? nearAbsolute / nearCells : Number.NaN,
      pinballUsdPerMwh: cells > 0 ? pinball / cells : Number.NaN,
      spikeHitRate: spikes > 0 ? hits / spikes : undefined,
      falseSpikeRate: forecastSpikes > 0 ? falseSpikes / forecastSpikes : undefined,
      spikeCells: spikes,
    };
  });
}

/** Pinball loss of quantile forecast `q` at level `tau` for the actual value `y`. */
export function pinballLoss(q: number, y: number, tau: number): number {
  return y >= q ? tau * (y - q) : (1 - tau) * (q - y);
}

function isProbabilistic(forecaster: Forecaster): forecaster is ProbabilisticForecaster {
  return typeof (forecaster as Partial<ProbabilisticForecaster>).forecastQuantiles === 'function';
}
