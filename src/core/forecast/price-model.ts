import {
  type DecisionSummary,
  type DecisionView,
  FEATURE_COUNT,
  fromSpikeScale,
  toSpikeScale,
  writeFeatures,
} from './price-features.ts';
import { fitRidge, predictRow } from './ridge-regression.ts';

/** Horizon bands (first and last cell ahead of the decision) with a model each; later cells use the last. */
export const HORIZON_BANDS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 1],
  [2, 3],
  [4, 7],
  [8, 15],
  [16, 47],
  [48, 95],
];

/** Scaled errors kept per band to form the forecast distribution (midpoint quantiles). */
const ERROR_SAMPLES = 40;
const RIDGE_LAMBDA = 1e-3;

interface BandModel {
  readonly level: Float64Array;
  readonly spread: Float64Array;
  readonly spreadFloor: number;
  /** Scaled errors (error / predicted spread) at the midpoint quantiles (m + 0.5) / ERROR_SAMPLES. */
  readonly errors: Float64Array;
}

export interface FittedPriceModel {
  readonly bands: readonly BandModel[];
  /** Largest value on the spike scale the model may predict (the training maximum plus a margin). */
  readonly ceiling: number;
}

export interface TrainingDecision {
  readonly view: DecisionView;
  readonly summary: DecisionSummary;
}

/**
 * Fits one band model per horizon band on past decisions: ridge for the price (spike scale), ridge
 * for the absolute error (its spread), and the distribution of errors divided by the spread. Only
 * targets at or before `known` (known at the training time) are used.
 */
export function fitPriceModel(
  decisions: readonly TrainingDecision[],
  known: number,
  price: (i: number) => number,
): FittedPriceModel | undefined {
  let ceiling = Number.NEGATIVE_INFINITY;
  const bands: BandModel[] = [];
  for (const [lo, hi] of HORIZON_BANDS) {
    const size = hi - lo + 1;
    const picks = Math.min(2, size);
    const rows = new Float64Array(decisions.length * picks * FEATURE_COUNT);
    const targets = new Float64Array(decisions.length * picks);
    let count = 0;
    decisions.forEach(({ view, summary }, index) => {
      for (let p = 0; p < picks; p++) {
        const k = lo + ((index + Math.floor((p * size) / picks)) % size);
        const target = view.lastKnown + 1 + k;
        if (target > known) continue;
        const actual = price(target);
        if (Number.isNaN(actual)) continue;
        writeFeatures(view, summary, target, k, rows, count * FEATURE_COUNT);
        targets[count] = toSpikeScale(actual);
        if (targets[count]! > ceiling) ceiling = targets[count]!;
        count++;
      }
    });
    if (count < 3 * FEATURE_COUNT) return undefined;
    const level = fitRidge(rows, targets, count, FEATURE_COUNT, RIDGE_LAMBDA);
    const absolute = new Float64Array(count);
    let meanAbsolute = 0;
    for (let r = 0; r < count; r++) {
      absolute[r] = Math.abs(targets[r]! - predictRow(level, rows, r * FEATURE_COUNT));
      meanAbsolute += absolute[r]! / count;
    }
    const spread = fitRidge(rows, absolute, count, FEATURE_COUNT, RIDGE_LAMBDA);
    const spreadFloor = Math.max(1e-3, 0.2 * meanAbsolute);
    const scaled = new Float64Array(count);
    for (let r = 0; r < count; r++) {
      const offset = r * FEATURE_COUNT;
      const s = Math.max(spreadFloor, predictRow(spread, rows, offset));
      scaled[r] = (targets[r]! - predictRow(level, rows, offset)) / s;
    }
    scaled.sort();
    const errors = new Float64Array(ERROR_SAMPLES);
    for (let m = 0; m < ERROR_SAMPLES; m++) errors[m] = quantileOfSorted(scaled, (m + 0.5) / ERROR_SAMPLES);
    bands.push({ level, spread, spreadFloor, errors });
  }
  return { bands, ceiling: ceiling + 0.5 };
}

export interface PriceDistribution {
  /** Quantiles on the spike scale, one per requested level. */
  readonly quantiles: Float64Array;
  /** Expected price, USD/MWh. */
  readonly mean: number;
  /** Mean of the upper 20 % of the distribution, USD/MWh. */
  readonly upperTailMean: number;
}

/** The forecast distribution of the cell `horizon` cells ahead, from its feature row. */
export function predictDistribution(
  model: FittedPriceModel,
  horizon: number,
  row: Float64Array,
  levels: readonly number[],
): PriceDistribution {
  const band = model.bands[bandOf(horizon)]!;
  const level = predictRow(band.level, row, 0);
  const spread = Math.max(band.spreadFloor, predictRow(band.spread, row, 0));
  const at = (z: number) => Math.min(model.ceiling, level + spread * z);
  let sum = 0;
  let tail = 0;
  const tailFrom = Math.floor(0.8 * ERROR_SAMPLES);
  for (let m = 0; m < ERROR_SAMPLES; m++) {
    const value = fromSpikeScale(at(band.errors[m]!));
    sum += value;
    if (m >= tailFrom) tail += value;
  }
  const quantiles = new Float64Array(levels.length);
  levels.forEach((q, l) => {
    quantiles[l] = at(errorAtLevel(band.errors, q));
  });
  return { quantiles, mean: sum / ERROR_SAMPLES, upperTailMean: tail / (ERROR_SAMPLES - tailFrom) };
}

/** The scaled error at quantile level `q`, interpolated between the stored midpoint quantiles. */
function errorAtLevel(errors: Float64Array, q: number): number {
  const position = Math.min(errors.length - 1, Math.max(0, q * errors.length - 0.5));
  const below = Math.floor(position);
  const above = Math.min(errors.length - 1, below + 1);
  return errors[below]! + (errors[above]! - errors[below]!) * (position - below);
}

function bandOf(horizon: number): number {
  for (let b = 0; b < HORIZON_BANDS.length; b++) if (horizon <= HORIZON_BANDS[b]![1]) return b;
  return HORIZON_BANDS.length - 1;
}

/** Linear interpolation between order statistics of a sorted sample. */
function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const position = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
