import type { Forecaster, ForecastInputs } from './forecaster.ts';
import type { ObservedHistory, PublishedDayAhead } from './observed-history.ts';
import {
  type DecisionView,
  FEATURE_COUNT,
  fromSpikeScale,
  summarizeDecision,
  writeFeatures,
} from './price-features.ts';
import { type FittedPriceModel, fitPriceModel, predictDistribution } from './price-model.ts';

/** Quantile levels a probabilistic forecast reports. */
export const QUANTILE_LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;

/** A forecast as a distribution per cell: quantiles (one array per level) and the mean. */
export interface QuantileForecast {
  readonly levels: readonly number[];
  /** `quantiles[l][k]`: level `levels[l]` of cell k, USD/MWh. */
  readonly quantiles: readonly Float64Array[];
  readonly mean: Float64Array;
  /** Mean of the upper 20 % of the distribution (the cost of a spike when one comes). */
  readonly upperTailMean: Float64Array;
}

/** A forecaster that also states its uncertainty. */
export interface ProbabilisticForecaster extends Forecaster {
  forecastQuantiles(inputs: ForecastInputs): QuantileForecast;
}

export interface LearnedForecasterOptions {
  readonly name: string;
  /**
   * Weight on the upper tail in the price the plan uses: 0 plans on the expected price (the
   * risk-neutral optimum of a linear plan under the forecast distribution), 1 on the mean of the
   * worst 20 % (a plan that insures against spikes).
   */
  readonly riskWeight: number;
  /** Used while fewer than two days of history are known (e.g. day-ahead, else yesterday). */
  readonly fallback: Forecaster;
  /** Days of history each day's model is fitted on. */
  readonly trainingDays?: number;
}

/** Fewer training decisions than this (hours): fall back to the day-ahead/yesterday forecaster. */
const MIN_TRAINING_HOURS = 48;

/**
 * A learned, probabilistic price forecaster fitted walk-forward: at the first decision of each UTC
 * day it fits, on the previous `trainingDays` only (as each past decision saw them), one ridge
 * model of the price per horizon band on the spike-compressed scale, a second for the size of its
 * errors, and the empirical distribution of the scaled errors. Features: the newest prices, the
 * same time yesterday and last week, the published day-ahead price, hour, weekday and season.
 * Deterministic: the model of a day depends only on what was known at that day's start.
 */
export function learnedForecaster(options: LearnedForecasterOptions): ProbabilisticForecaster {
  const trainingDays = options.trainingDays ?? 28;
  const models = new WeakMap<object, { day: number; model: FittedPriceModel | undefined }>();
  const modelFor = (inputs: ForecastInputs): FittedPriceModel | undefined => {
    const history = inputs.history;
    const cellsPerDay = (24 * 60) / history.cellMinutes;
    const day = Math.floor(history.decisionIndex / cellsPerDay);
    const cached = models.get(history.seriesKey);
    if (cached && cached.day === day) return cached.model;
    const model = trainModel(history, inputs.dayAhead, day * cellsPerDay, trainingDays);
    models.set(history.seriesKey, { day, model });
    return model;
  };
  const forecastQuantiles = (inputs: ForecastInputs): QuantileForecast => {
    const model = modelFor(inputs);
    if (!model) return pointAsDistribution(options.fallback.forecast(inputs));
    const view = viewAt(inputs.history, inputs.dayAhead, inputs.history.decisionIndex);
    const summary = summarizeDecision(view);
    if (!summary) return pointAsDistribution(options.fallback.forecast(inputs));
    const row = new Float64Array(FEATURE_COUNT);
    const quantiles = QUANTILE_LEVELS.map(() => new Float64Array(inputs.cells));
    const mean = new Float64Array(inputs.cells);
    const upperTailMean = new Float64Array(inputs.cells);
    for (let k = 0; k < inputs.cells; k++) {
      writeFeatures(view, summary, inputs.history.decisionIndex + k, k, row, 0);
      const distribution = predictDistribution(model, k, row, QUANTILE_LEVELS);
      QUANTILE_LEVELS.forEach((_, l) => {
        quantiles[l]![k] = fromSpikeScale(distribution.quantiles[l]!);
      });
      mean[k] = distribution.mean;
      upperTailMean[k] = distribution.upperTailMean;
    }
    return { levels: QUANTILE_LEVELS, quantiles, mean, upperTailMean };
  };
  return {
    name: options.name,
    usesFuture: false,
    forecastQuantiles,
    forecast(inputs) {
      const distribution = forecastQuantiles(inputs);
      const w = options.riskWeight;
      return distribution.mean.map((m, k) => (1 - w) * m + w * distribution.upperTailMean[k]!);
    },
  };
}

/** What a decision at cell `at` (at or before the history's own decision) could see. */
function viewAt(history: ObservedHistory, dayAhead: PublishedDayAhead | undefined, at: number): DecisionView {
  const k = history.cellsPerSourceInterval;
  return {
    price: (i) => history.value(i),
    lastKnown: Math.floor(at / k) * k - 1,
    dayAhead: dayAhead ? (j) => dayAhead.valueAsOf(j, at) : () => Number.NaN,
    startMs: history.startMs,
    cellMinutes: history.cellMinutes,
  };
}

/** Fits the day's model on the past decisions of the training window (hourly), as each saw its past. */
function trainModel(
  history: ObservedHistory,
  dayAhead: PublishedDayAhead | undefined,
  trainedAt: number,
  trainingDays: number,
): FittedPriceModel | undefined {
  const cellsPerDay = (24 * 60) / history.cellMinutes;
  const step = Math.max(1, Math.round(60 / history.cellMinutes));
  const known = viewAt(history, dayAhead, trainedAt).lastKnown;
  const decisions: { view: DecisionView; summary: NonNullable<ReturnType<typeof summarizeDecision>> }[] = [];
  for (let t = Math.max(step, trainedAt - trainingDays * cellsPerDay); t < trainedAt; t += step) {
    const view = viewAt(history, dayAhead, t);
    const summary = summarizeDecision(view);
    if (summary) decisions.push({ view, summary });
  }
  if (decisions.length < MIN_TRAINING_HOURS) return undefined;
  return fitPriceModel(decisions, known, (i) => history.value(i));
}

function pointAsDistribution(point: Float64Array): QuantileForecast {
  return {
    levels: QUANTILE_LEVELS,
    quantiles: QUANTILE_LEVELS.map(() => point.slice()),
    mean: point,
    upperTailMean: point.slice(),
  };
}
