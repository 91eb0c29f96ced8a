import { SwitchyardError } from '../errors/index.ts';
import type { Forecaster, ForecastInputs } from './forecaster.ts';
import { learnedForecaster } from './learned-forecaster.ts';

const DAY_MINUTES = 1440;
/** How far back persistence looks for a known value across gaps. */
const MAX_LOOKBACK_DAYS = 7;

/** Tomorrow looks like now: every cell takes the newest known value. */
export const persistence: Forecaster = {
  name: 'persistence',
  usesFuture: false,
  forecast({ history, cells }) {
    const value = latest(history);
    return new Float64Array(cells).fill(value);
  },
};

/** Cells over which the newest observation fades into a profile forecast (e-folding, ~1 h at 15 min). */
const NOWCAST_CELLS = 4;

/**
 * Blends the newest known value into the first cells of a profile forecast, fading with
 * exp(-k / 4 cells): a price spiking now is likely to still be high in the next quarter hour,
 * whatever yesterday or the day-ahead auction said.
 */
export function blendNowcast(profile: Float64Array, latestValue: number): Float64Array {
  for (let k = 0; k < profile.length; k++) {
    const weight = Math.exp(-(k + 1) / NOWCAST_CELLS);
    if (weight < 1e-3) break;
    profile[k] = weight * latestValue + (1 - weight) * profile[k]!;
  }
  return profile;
}

/** Each cell takes the value of the same time the day before (the newest known value if that is a gap). */
export const sameTimeYesterday: Forecaster = {
  name: 'same-time-yesterday',
  usesFuture: false,
  forecast(inputs) {
    return blendNowcast(yesterdayProfile(inputs), latest(inputs.history));
  },
};

function yesterdayProfile({ history, cells }: ForecastInputs): Float64Array {
  const day = DAY_MINUTES / history.cellMinutes;
  const fallback = latest(history);
  const out = new Float64Array(cells);
  for (let k = 0; k < cells; k++) {
    const i = history.decisionIndex + k;
    // Step back whole days until the cell is known (horizons longer than a day repeat yesterday).
    let j = i - day;
    while (j > history.lastKnownIndex()) j -= day;
    const value = history.value(j);
    out[k] = Number.isNaN(value) ? fallback : value;
  }
  return out;
}

/**
 * Seasonal: each cell takes the median of the same time of day over the last seven known days.
 * The median ignores one-off spikes that would make a mean chase yesterday's scarcity event; the
 * newest value is blended into the first hour.
 */
export const seasonalMedian: Forecaster = {
  name: 'seasonal',
  usesFuture: false,
  forecast({ history, cells }) {
    const day = DAY_MINUTES / history.cellMinutes;
    const fallback = latest(history);
    const out = new Float64Array(cells);
    const sample: number[] = [];
    for (let k = 0; k < cells; k++) {
      const i = history.decisionIndex + k;
      sample.length = 0;
      let j = i - day;
      while (j > history.lastKnownIndex()) j -= day;
      for (let d = 0; d < 7 && j >= 0; d++, j -= day) {
        const value = history.value(j);
        if (!Number.isNaN(value)) sample.push(value);
      }
      out[k] = sample.length > 0 ? median(sample) : fallback;
    }
    return blendNowcast(out, fallback);
  },
};

/**
 * The market's own day-ahead price where the auction has already been published; beyond it, the
 * same time yesterday (also for series without a day-ahead market). The newest real-time price is
 * blended into the first hour.
 */
export const dayAhead: Forecaster = {
  name: 'day-ahead',
  usesFuture: false,
  forecast(inputs) {
    const base = yesterdayProfile(inputs);
    if (inputs.dayAhead) {
      for (let k = 0; k < inputs.cells; k++) {
        const value = inputs.dayAhead.value(inputs.history.decisionIndex + k);
        if (!Number.isNaN(value)) base[k] = value;
      }
    }
    return blendNowcast(base, latest(inputs.history));
  },
};

/** The actual future values: the upper bound on what any forecaster could achieve. */
export const perfectForesight: Forecaster = {
  name: 'perfect',
  usesFuture: true,
  forecast({ history, cells, actual }) {
    if (!actual) throw new SwitchyardError('SY_ERR_INTERNAL', 'perfect foresight needs the actual series');
    const out = new Float64Array(cells);
    const fallback = latest(history);
    for (let k = 0; k < cells; k++) {
      const value = actual.values[history.decisionIndex + k];
      out[k] = value === undefined || Number.isNaN(value) ? fallback : value;
    }
    return out;
  },
};

/**
 * The learned probabilistic forecaster planning on the expected price (see learned-forecaster.ts);
 * while less than two days of history are known it falls back to `day-ahead`.
 */
export const learned = learnedForecaster({ name: 'learned', riskWeight: 0, fallback: dayAhead });

/** The same distribution, planning on a price weighted 30 % towards its worst 20 % (spike insurance). */
export const learnedHedged = learnedForecaster({
  name: 'learned-hedged',
  riskWeight: 0.3,
  fallback: dayAhead,
});

export const forecasters: readonly Forecaster[] = [
  persistence,
  sameTimeYesterday,
  dayAhead,
  seasonalMedian,
  learned,
  learnedHedged,
  perfectForesight,
];

export function forecasterByName(name: string): Forecaster | undefined {
  return forecasters.find((f) => f.name === name);
}

/** The forecaster the live allocation loop plans on unless configured otherwise. */
export const DEFAULT_LIVE_FORECASTER = 'learned-hedged';

/**
 * A forecaster the live loop may run, by name (the same registry the backtester's `lp-<name>`
 * strategies read). Perfect foresight and unknown names are configuration errors.
 */
export function liveForecaster(name: string): Forecaster {
  const found = forecasterByName(name);
  if (!found || found.usesFuture) {
    const known = forecasters.filter((f) => !f.usesFuture).map((f) => f.name);
    throw new SwitchyardError(
      'SY_ERR_CONFIG_INVALID',
      `forecaster: unknown or not live "${name}" (known: ${known.join(', ')})`,
      { field: 'forecaster', value: name },
    );
  }
  return found;
}

function latest(history: ForecastInputs['history']): number {
  const value = history.latestAtOrBefore(
    history.lastKnownIndex(),
    (MAX_LOOKBACK_DAYS * DAY_MINUTES) / history.cellMinutes,
  );
  if (Number.isNaN(value)) {
    throw new SwitchyardError(
      'SY_ERR_DATA_NOT_COVERED',
      `no known value in the ${MAX_LOOKBACK_DAYS} days before cell ${history.decisionIndex}: the series starts later or has a long gap`,
    );
  }
  return value;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
