/**
 * Features of a price forecast made at a decision time for one target cell, built only from what
 * the decision could see: the known past (`lastKnown` and before) and the day-ahead prices
 * published by then. Prices enter on a spike-compressing scale, asinh(price / 50 USD): linear near
 * normal prices, logarithmic in scarcity spikes, defined for negative prices.
 */
export const SPIKE_SCALE_USD = 50;

export function toSpikeScale(priceUsdPerMwh: number): number {
  return Math.asinh(priceUsdPerMwh / SPIKE_SCALE_USD);
}

export function fromSpikeScale(value: number): number {
  return SPIKE_SCALE_USD * Math.sinh(value);
}

/** What one (past or present) decision time could see. */
export interface DecisionView {
  /** Price of a known cell (`i <= lastKnown`), NaN in a gap. */
  price(i: number): number;
  /** Newest known cell at the decision time. */
  readonly lastKnown: number;
  /** Day-ahead price of cell `j` as published by the decision time, NaN when not (yet) published. */
  dayAhead(j: number): number;
  readonly startMs: number;
  readonly cellMinutes: number;
}

/** Summaries of the known past that every target cell of one decision shares. */
export interface DecisionSummary {
  readonly latest: number;
  readonly lastHourMean: number;
  readonly lastDayMean: number;
  readonly lastDayMax: number;
}

export const FEATURE_NAMES = [
  'intercept',
  'latest',
  'last-hour-mean',
  'last-day-mean',
  'last-day-max',
  'same-time-yesterday',
  'same-time-last-week',
  'day-ahead-or-yesterday',
  'day-ahead-published',
  'hour-sin-1',
  'hour-cos-1',
  'hour-sin-2',
  'hour-cos-2',
  'hour-sin-3',
  'hour-cos-3',
  'weekend',
  'season-sin',
  'season-cos',
  'nowcast',
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

/** Summaries of the known past at a decision; undefined when nothing at all is known. */
export function summarizeDecision(view: DecisionView): DecisionSummary | undefined {
  const day = (24 * 60) / view.cellMinutes;
  const hour = Math.max(1, Math.round(60 / view.cellMinutes));
  let latest = Number.NaN;
  let hourSum = 0;
  let hourCount = 0;
  let daySum = 0;
  let dayCount = 0;
  let dayMax = Number.NEGATIVE_INFINITY;
  for (let i = view.lastKnown; i >= 0 && i > view.lastKnown - day; i--) {
    const value = view.price(i);
    if (Number.isNaN(value)) continue;
    if (Number.isNaN(latest)) latest = value;
    if (i > view.lastKnown - hour) {
      hourSum += value;
      hourCount++;
    }
    daySum += value;
    dayCount++;
    if (value > dayMax) dayMax = value;
  }
  if (Number.isNaN(latest)) return undefined;
  return {
    latest,
    lastHourMean: hourCount > 0 ? hourSum / hourCount : latest,
    lastDayMean: daySum / dayCount,
    lastDayMax: dayMax,
  };
}

/** Writes the features of target cell `target` (`horizon` cells after the decision) into `out` at `offset`. */
export function writeFeatures(
  view: DecisionView,
  summary: DecisionSummary,
  target: number,
  horizon: number,
  out: Float64Array,
  offset: number,
): void {
  const day = (24 * 60) / view.cellMinutes;
  const yesterday = sameTimeBefore(view, target, day, summary.latest);
  const lastWeek = sameTimeBefore(view, target, 7 * day, yesterday);
  const published = view.dayAhead(target);
  const ms = view.startMs + target * view.cellMinutes * 60_000;
  const hourAngle = (2 * Math.PI * (ms % DAY_MS)) / DAY_MS;
  const dayNumber = Math.floor(ms / DAY_MS);
  // UTC weekday, 0 = Sunday (1970-01-01 was a Thursday).
  const weekday = (dayNumber + 4) % 7;
  const seasonAngle = (2 * Math.PI * (dayNumber % YEAR_DAYS)) / YEAR_DAYS;
  const latest = toSpikeScale(summary.latest);
  const yesterdayScaled = toSpikeScale(yesterday);
  const dayAheadKnown = !Number.isNaN(published);
  out[offset] = 1;
  out[offset + 1] = latest;
  out[offset + 2] = toSpikeScale(summary.lastHourMean);
  out[offset + 3] = toSpikeScale(summary.lastDayMean);
  out[offset + 4] = toSpikeScale(summary.lastDayMax);
  out[offset + 5] = yesterdayScaled;
  out[offset + 6] = toSpikeScale(lastWeek);
  out[offset + 7] = dayAheadKnown ? toSpikeScale(published) : yesterdayScaled;
  out[offset + 8] = dayAheadKnown ? 1 : 0;
  for (let m = 1; m <= 3; m++) {
    out[offset + 7 + 2 * m] = Math.sin(m * hourAngle);
    out[offset + 8 + 2 * m] = Math.cos(m * hourAngle);
  }
  out[offset + 15] = weekday === 0 || weekday === 6 ? 1 : 0;
  out[offset + 16] = Math.sin(seasonAngle);
  out[offset + 17] = Math.cos(seasonAngle);
  out[offset + 18] = Math.exp(-(horizon + 1) / 4) * (latest - yesterdayScaled);
}

/** The known value `period` cells (whole days) before `target`, stepping back further until known. */
function sameTimeBefore(view: DecisionView, target: number, period: number, fallback: number): number {
  let j = target - period;
  while (j > view.lastKnown) j -= period;
  if (j < 0) return fallback;
  const value = view.price(j);
  return Number.isNaN(value) ? fallback : value;
}
