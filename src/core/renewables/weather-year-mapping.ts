import type { TimeSeries } from '../market/time-series.ts';

/**
 * Maps times of a price year onto a weather year "by day and hour": the same month, day and UTC
 * hour in the weather file's year. Weather files hold one real year (NSRDB, WIND Toolkit), while
 * prices come from other years, so this is a stated approximation, not a forecast.
 *
 * Rules, in order:
 * 1. Same month, day and UTC hour in the weather year. Feb 29 of a leap price year becomes Feb 28
 *    when the weather year has no Feb 29.
 * 2. Wrap-around: the files cover a local-standard-time year, so their UTC span starts a few hours
 *    into Jan 1 (e.g. 2013-01-01T05:00Z for UTC-5) and ends a few hours into Jan 1 of the next year.
 *    A mapped hour outside that span takes the same month, day and hour one year later (or earlier),
 *    which is the same local time of year in the file.
 * 3. Fallback: when the file has no value for that hour (e.g. Amarillo 2012 leaves out local Feb 29),
 *    the same hour of the previous day. Callers count these.
 * Anything still missing is an error.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Start (epoch ms UTC) of the hour in `weatherYear` with the same month, day and UTC hour as the
 * hour containing `priceMs`. Feb 29 becomes Feb 28 when `weatherYear` is not a leap year.
 */
export function mapToWeatherYear(priceMs: number, weatherYear: number): number {
  const date = new Date(priceMs);
  const month = date.getUTCMonth();
  let day = date.getUTCDate();
  if (month === 1 && day === 29 && !isLeapYear(weatherYear)) day = 28;
  return Date.UTC(weatherYear, month, day, date.getUTCHours());
}

/**
 * The weather year of a series: the UTC year holding most of its present points (the earlier year on
 * a tie). Files in local standard time start a few hours into Jan 1 UTC and spill a few hours into the
 * next year, so the first or last timestamp alone can mislead. Throws when the series has no points.
 */
export function inferWeatherYear(series: TimeSeries): number {
  const counts = new Map<number, number>();
  for (const point of series.points()) {
    const year = new Date(point.startMs).getUTCFullYear();
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [year, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && year < best)) {
      best = year;
      bestCount = count;
    }
  }
  if (best === undefined) throw new Error(`${series.id}: weather series has no points, cannot tell its year`);
  return best;
}

/** What a weather lookup needs to know about a file: its id, its covered span and which hours hold data. */
export interface WeatherHourSource {
  /** Weather id used in error messages, e.g. `georgia_central_weather_2013`. */
  readonly id: string;
  /** True when `ms` lies inside the file's covered span (a gap still counts). */
  covers(ms: number): boolean;
  /** True when the file holds every value needed for the hour starting at `ms`. */
  has(ms: number): boolean;
}

export interface WeatherHour {
  /** Start of the weather hour whose values to use, epoch ms UTC. */
  readonly weatherMs: number;
  /** True when the mapped hour was missing and the previous day's hour was used. */
  readonly fallback: boolean;
  /** True when the mapped hour fell outside the file's span and wrapped by one year. */
  readonly wrapped: boolean;
}

/**
 * The weather hour to use for the price time `priceMs` (rules 1-3 above). Throws an Error naming the
 * weather id, the weather hour and the price time when neither the hour nor the previous day has data.
 */
export function locateWeatherHour(
  priceMs: number,
  weatherYear: number,
  source: WeatherHourSource,
): WeatherHour {
  let weatherMs = mapToWeatherYear(priceMs, weatherYear);
  let wrapped = false;
  if (!source.covers(weatherMs)) {
    for (const year of [weatherYear + 1, weatherYear - 1]) {
      const candidate = mapToWeatherYear(priceMs, year);
      if (source.covers(candidate)) {
        weatherMs = candidate;
        wrapped = true;
        break;
      }
    }
  }
  if (source.has(weatherMs)) return { weatherMs, fallback: false, wrapped };
  const previousDayMs = weatherMs - DAY_MS;
  if (source.has(previousDayMs)) return { weatherMs: previousDayMs, fallback: true, wrapped };
  throw new Error(
    `${source.id}: no weather for ${iso(weatherMs)} nor for ${iso(previousDayMs)} (the previous day), ` +
      `needed for ${iso(priceMs)}`,
  );
}

export interface WeatherYearMappingSummary {
  readonly weatherYear: number;
  /** First and last UTC year of the price times mapped. */
  readonly fromPriceYear: number;
  readonly toPriceYear: number;
  /** Hours that used the previous day's value. */
  readonly fallbacks: number;
  /** Hours that wrapped by one year to stay inside the file's span. */
  readonly wrapped: number;
}

/**
 * A human sentence for output, e.g.
 * `weather year 2013 mapped onto 2023 by month, day and UTC hour (Feb 29 -> Feb 28)`,
 * followed by the fallback and wrap-around counts when there are any.
 */
export function describeWeatherYearMapping(summary: WeatherYearMappingSummary): string {
  const { weatherYear, fromPriceYear, toPriceYear, fallbacks, wrapped } = summary;
  const years = fromPriceYear === toPriceYear ? `${fromPriceYear}` : `${fromPriceYear}-${toPriceYear}`;
  let text = `weather year ${weatherYear} mapped onto ${years} by month, day and UTC hour`;
  if (!isLeapYear(weatherYear)) text += ' (Feb 29 -> Feb 28)';
  if (fallbacks > 0) {
    text += `; ${fallbacks} ${plural(fallbacks, 'hour')} missing from the weather file took the same hour of the previous day`;
  }
  if (wrapped > 0) {
    text += `; ${wrapped} ${plural(wrapped, 'hour')} outside the file's UTC span took the same date and hour one year on or back`;
  }
  return text;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
