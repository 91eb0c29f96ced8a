import { describe, expect, it } from 'vitest';
import { TimeSeries } from '../market/time-series.ts';
import {
  DAY_MS,
  describeWeatherYearMapping,
  HOUR_MS,
  inferWeatherYear,
  isLeapYear,
  locateWeatherHour,
  mapToWeatherYear,
  type WeatherHourSource,
} from './weather-year-mapping.ts';

const t = (iso: string): number => Date.parse(iso);

/** A source covering [fromIso, toIso) hourly, with the hours in `missing` absent. */
function source(id: string, fromIso: string, toIso: string, missing: (ms: number) => boolean = () => false) {
  const startMs = t(fromIso);
  const endMs = t(toIso);
  const result: WeatherHourSource = {
    id,
    covers: (ms) => ms >= startMs && ms < endMs,
    has: (ms) => ms >= startMs && ms < endMs && !missing(ms),
  };
  return result;
}

describe('isLeapYear', () => {
  it('follows the Gregorian rules', () => {
    expect([2012, 2013, 2023, 2024, 1900, 2000].map(isLeapYear)).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
  });
});

describe('mapToWeatherYear', () => {
  it('keeps month, day and UTC hour and drops minutes', () => {
    expect(mapToWeatherYear(t('2023-03-15T13:00:00Z'), 2013)).toBe(t('2013-03-15T13:00:00Z'));
    expect(mapToWeatherYear(t('2023-12-31T23:45:00Z'), 2013)).toBe(t('2013-12-31T23:00:00Z'));
    expect(mapToWeatherYear(t('2024-01-01T00:15:00Z'), 2013)).toBe(t('2013-01-01T00:00:00Z'));
  });

  it('maps Feb 29 to Feb 28 only when the weather year has no Feb 29', () => {
    expect(mapToWeatherYear(t('2024-02-29T10:15:00Z'), 2013)).toBe(t('2013-02-28T10:00:00Z'));
    expect(mapToWeatherYear(t('2024-02-29T10:15:00Z'), 2012)).toBe(t('2012-02-29T10:00:00Z'));
    // A non-leap price year onto a leap weather year: Mar 1 stays Mar 1 (Feb 29 is never used).
    expect(mapToWeatherYear(t('2023-03-01T00:00:00Z'), 2012)).toBe(t('2012-03-01T00:00:00Z'));
  });
});

describe('inferWeatherYear', () => {
  it('uses the year holding most points, not the first timestamp', () => {
    // Georgia-like file: 2012-12-31T23:00Z (an odd early point) then hourly 2013-01-01T05:00Z for 8760 h,
    // so the last 5 points fall in 2014. Counts: 2012 -> 1, 2013 -> 8755, 2014 -> 5.
    const start = t('2013-01-01T05:00:00Z');
    const points = [{ startMs: t('2012-12-31T23:00:00Z'), value: 0 }];
    for (let i = 0; i < 8760; i++) points.push({ startMs: start + i * HOUR_MS, value: 0 });
    expect(inferWeatherYear(TimeSeries.fromPoints('ghi', 'W/m2', HOUR_MS, points))).toBe(2013);
  });

  it('throws on an empty series', () => {
    expect(() => inferWeatherYear(TimeSeries.fromPoints('empty', 'W/m2', HOUR_MS, []))).toThrow(
      /empty.*year/,
    );
  });
});

describe('locateWeatherHour', () => {
  // Georgia-like: UTC-5 local year, covered span 2013-01-01T05:00Z .. 2014-01-01T05:00Z (exclusive).
  const georgia = source('georgia', '2013-01-01T05:00:00Z', '2014-01-01T05:00:00Z');

  it('uses the same hour when present', () => {
    expect(locateWeatherHour(t('2023-07-04T18:30:00Z'), 2013, georgia)).toEqual({
      weatherMs: t('2013-07-04T18:00:00Z'),
      fallback: false,
      wrapped: false,
    });
  });

  it('wraps hours before the file start to the same date one year on', () => {
    // 2023-01-01T02:00Z -> 2013-01-01T02:00Z is before the file starts (05:00Z);
    // 2014-01-01T02:00Z is inside it (local Dec 31 21:00 EST, the same local time of year).
    expect(locateWeatherHour(t('2023-01-01T02:00:00Z'), 2013, georgia)).toEqual({
      weatherMs: t('2014-01-01T02:00:00Z'),
      fallback: false,
      wrapped: true,
    });
    expect(locateWeatherHour(t('2023-01-01T05:00:00Z'), 2013, georgia).wrapped).toBe(false);
  });

  it('falls back to the previous day where the file lacks the hour (Amarillo 2012 lacks local Feb 29)', () => {
    // Amarillo 2012 (UTC-6): hourly from 2012-01-01T06:00Z to 2013-01-01T06:00Z, missing
    // 2012-02-29T06:00Z .. 2012-03-01T05:00Z inclusive.
    const gapFrom = t('2012-02-29T06:00:00Z');
    const gapTo = t('2012-03-01T06:00:00Z');
    const amarillo = source(
      'amarillo',
      '2012-01-01T06:00:00Z',
      '2013-01-01T06:00:00Z',
      (ms) => ms >= gapFrom && ms < gapTo,
    );
    // 2023-03-01T02:00Z -> 2012-03-01T02:00Z missing -> 2012-02-29T02:00Z (local Feb 28 20:00) present.
    expect(locateWeatherHour(t('2023-03-01T02:00:00Z'), 2012, amarillo)).toEqual({
      weatherMs: t('2012-02-29T02:00:00Z'),
      fallback: true,
      wrapped: false,
    });
    // 2024-02-29T12:00Z -> 2012-02-29T12:00Z missing -> 2012-02-28T12:00Z.
    expect(locateWeatherHour(t('2024-02-29T12:00:00Z'), 2012, amarillo).weatherMs).toBe(
      t('2012-02-28T12:00:00Z'),
    );
    // 2023-03-01T06:00Z -> 2012-03-01T06:00Z is present again.
    expect(locateWeatherHour(t('2023-03-01T06:00:00Z'), 2012, amarillo).fallback).toBe(false);
  });

  it('throws naming the weather id and times when the previous day is missing too', () => {
    const gapFrom = t('2013-05-01T00:00:00Z');
    const holey = source('holey_site', '2013-01-01T00:00:00Z', '2014-01-01T00:00:00Z', (ms) => {
      return ms >= gapFrom && ms < gapFrom + 2 * DAY_MS;
    });
    expect(() => locateWeatherHour(t('2023-05-02T07:00:00Z'), 2013, holey)).toThrow(
      'holey_site: no weather for 2013-05-02T07:00:00.000Z nor for 2013-05-01T07:00:00.000Z (the previous day), ' +
        'needed for 2023-05-02T07:00:00.000Z',
    );
  });
});

describe('describeWeatherYearMapping', () => {
  it('produces the sentence for output', () => {
    const base = { weatherYear: 2013, fromPriceYear: 2023, toPriceYear: 2023, fallbacks: 0, wrapped: 0 };
    expect(describeWeatherYearMapping(base)).toBe(
      'weather year 2013 mapped onto 2023 by month, day and UTC hour (Feb 29 -> Feb 28)',
    );
    expect(describeWeatherYearMapping({ ...base, toPriceYear: 2024, wrapped: 10 })).toBe(
      'weather year 2013 mapped onto 2023-2024 by month, day and UTC hour (Feb 29 -> Feb 28); ' +
        "10 hours outside the file's UTC span took the same date and hour one year on or back",
    );
    expect(describeWeatherYearMapping({ ...base, weatherYear: 2012, fallbacks: 1 })).toBe(
      'weather year 2012 mapped onto 2023 by month, day and UTC hour; ' +
        '1 hour missing from the weather file took the same hour of the previous day',
    );
  });
});
