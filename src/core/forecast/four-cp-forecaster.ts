import type { ObservedHistory } from './observed-history.ts';

/** Local calendar of each planning cell: all the 4CP forecaster knows besides the load history. */
export interface FourCpCalendar {
  /** Local month, 1-12. */
  readonly month: Uint8Array;
  /** Local hour, 0-23. */
  readonly hour: Uint8Array;
  /** First cell of the local month the cell belongs to. */
  readonly monthStart: Int32Array;
}

export interface FourCpForecastInput {
  /** System load on the planning grid, as known at the decision cell. */
  readonly load: ObservedHistory;
  readonly calendar: FourCpCalendar;
  /** Cells to forecast from the decision cell. */
  readonly cells: number;
  /** Months whose system peak counts (ERCOT: 6-9). */
  readonly months: readonly number[];
}

const DAY_MINUTES = 1440;
/** Relative error of the load forecast (one standard deviation), as a share of the bar to beat. */
const LOAD_FORECAST_ERROR = 0.025;
/** A month's peak rarely falls far below the last 30 days' highest load (ERCOT 2023-24: >= 98%). */
const TRAILING_PEAK_SHARE = 0.97;
/** Bounds on the today-versus-yesterday load ratio applied to yesterday's profile. */
const RATIO_BOUNDS = [0.9, 1.1] as const;

/**
 * Probability that each cell's hour is its month's system peak (a 4CP interval), from the system
 * load history and the calendar only. The load of the hour is forecast as the same hour of the last
 * known day scaled by how today compares with yesterday so far; the bar to beat is the month's
 * highest load so far, or 97% of the last 30 days' highest when higher (early in a month); the
 * probability is the normal chance that the hour clears the bar given a 2.5% forecast error.
 * Causal by construction: it reads the history only through `ObservedHistory`, which refuses the future.
 */
export function forecastFourCpProbability(input: FourCpForecastInput): Float64Array {
  const { load, calendar, cells, months } = input;
  const out = new Float64Array(cells);
  const decision = load.decisionIndex;
  const last = load.lastKnownIndex();
  if (last < 0) return out;
  const day = DAY_MINUTES / load.cellMinutes;
  const counted = new Set(months);
  let any = false;
  for (let k = 0; k < cells; k++) if (counted.has(calendar.month[decision + k] ?? 0)) any = true;
  if (!any) return out;

  const step = Math.max(1, Math.round(60 / load.cellMinutes));
  const trailingFrom = Math.max(0, last - 30 * day);
  let trailingMax = 0;
  for (let i = last; i >= trailingFrom; i -= step)
    trailingMax = Math.max(trailingMax, valueOr0(load.value(i)));
  const latest = load.latestAtOrBefore(last, day);
  const yesterday = last - day >= 0 ? load.value(last - day) : Number.NaN;
  const ratio =
    Number.isFinite(latest) && Number.isFinite(yesterday) && yesterday > 0
      ? Math.min(RATIO_BOUNDS[1], Math.max(RATIO_BOUNDS[0], latest / yesterday))
      : 1;

  const monthMax = new Map<number, number>();
  for (let k = 0; k < cells; k++) {
    const i = decision + k;
    if (!counted.has(calendar.month[i] ?? 0)) continue;
    const start = calendar.monthStart[i]!;
    let runningMax = monthMax.get(start);
    if (runningMax === undefined) {
      runningMax = 0;
      for (let j = Math.min(last, i - 1); j >= start; j -= step)
        runningMax = Math.max(runningMax, valueOr0(load.value(j)));
      monthMax.set(start, runningMax);
    }
    let j = i - day;
    while (j > last) j -= day;
    const base = load.value(j);
    if (!Number.isFinite(base)) continue;
    const forecast = base * ratio;
    const bar = Math.max(runningMax, TRAILING_PEAK_SHARE * trailingMax);
    if (bar <= 0) continue;
    out[k] = normalCdf((forecast - bar) / (LOAD_FORECAST_ERROR * bar));
  }
  return out;
}

function valueOr0(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
