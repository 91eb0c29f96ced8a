import { describe, expect, it } from 'vitest';
import { TimeSeries } from '../market/time-series.ts';
import type { HubHeightWind, SolarWeather } from '../market/weather.ts';
import { buildRenewableProfile } from './renewable-profile.ts';

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;
const t = (iso: string): number => Date.parse(iso);

/** Hourly series from `fromIso` for `hours` hours, value by time; `skip` leaves an hour out (a gap). */
function hourly(
  id: string,
  unit: string,
  fromIso: string,
  hours: number,
  value: (ms: number) => number,
  skip: (ms: number) => boolean = () => false,
): TimeSeries {
  const start = t(fromIso);
  const points: { startMs: number; value: number }[] = [];
  for (let i = 0; i < hours; i++) {
    const ms = start + i * HOUR;
    if (!skip(ms)) points.push({ startMs: ms, value: value(ms) });
  }
  return TimeSeries.fromPoints(id, unit, HOUR, points);
}

function mean(series: TimeSeries): number {
  let sum = 0;
  let count = 0;
  for (const point of series.points()) {
    sum += point.value;
    count++;
  }
  return sum / count;
}

/**
 * A synthetic Georgia-like 2013 solar file: 8760 hours from 2013-01-01T05:00Z (local standard time
 * UTC-5), GHI 800 W/m2 from 15:00 to 20:59 UTC every day (6 hours), 0 otherwise, air 20 C.
 * One sunny hour: Tc = 20 + 0.03125 * 800 = 45; factor 1 - 0.004 * 20 = 0.92;
 * 1 MW * 0.8 * 0.92 * 0.86 = 0.63296 MW. Daily mean = 6/24 * 0.63296 = 0.15824 MW.
 */
function syntheticSolar(skip?: (ms: number) => boolean): SolarWeather {
  const sunny = (ms: number) => {
    const hour = new Date(ms).getUTCHours();
    return hour >= 15 && hour < 21;
  };
  return {
    id: 'synthetic_sun_2013',
    ghiWm2: hourly('ghi', 'W/m2', '2013-01-01T05:00:00Z', 8760, (ms) => (sunny(ms) ? 800 : 0), skip),
    tempAirC: hourly('temp', 'C', '2013-01-01T05:00:00Z', 8760, () => 20, skip),
  };
}

describe('buildRenewableProfile (solar, synthetic year)', () => {
  const year2023 = {
    fromMs: t('2023-01-01T00:00:00Z'),
    toMs: t('2024-01-01T00:00:00Z'),
    resolutionMs: QUARTER,
  };

  it('gives one value per 15-min interval with each quarter taking its hour', () => {
    const profile = buildRenewableProfile(
      { kind: 'solar', weather: syntheticSolar(), capacityMw: 1 },
      year2023,
    );
    // 365 days * 96 quarters = 35040 intervals, no gaps.
    expect(profile.series.length).toBe(35_040);
    expect(profile.series.gaps).toEqual([]);
    expect(profile.series.unit).toBe('MW');
    expect(profile.series.resolutionMs).toBe(QUARTER);
    expect(profile.series.startMs).toBe(year2023.fromMs);
    expect(profile.series.endMs).toBe(year2023.toMs);
    for (const minute of ['00', '15', '30', '45']) {
      expect(profile.series.at(t(`2023-06-01T15:${minute}:00Z`))).toBeCloseTo(0.63296, 10);
      expect(profile.series.at(t(`2023-06-01T14:${minute}:00Z`))).toBe(0);
    }
    // Annual capacity factor of 1 MW = mean MW = 6/24 * 0.63296 = 0.15824.
    expect(mean(profile.series)).toBeCloseTo(0.15824, 10);
    expect(profile.weatherYear).toBe(2013);
    expect(profile.fallbacks).toBe(0);
    // 2023-01-01T00:00Z..04:00Z lie before the file's first hour (05:00Z) and wrap to 2014-01-01.
    expect(profile.wrapped).toBe(5);
  });

  it('describes the model with its derate and the weather-year mapping', () => {
    const profile = buildRenewableProfile(
      { kind: 'solar', weather: syntheticSolar(), capacityMw: 1 },
      year2023,
    );
    expect(profile.description).toContain('derate 0.86');
    expect(profile.description).toContain('horizontal-equivalent plane');
    expect(profile.description).toContain(
      'weather year 2013 mapped onto 2023 by month, day and UTC hour (Feb 29 -> Feb 28)',
    );
    expect(profile.series.id).toBe('solar:synthetic_sun_2013');
  });

  it('maps Feb 29 of a leap price year to Feb 28 of the weather year', () => {
    // Short file (no wrap needed): GHI on 2013-02-28 = 500, on 2013-03-01 = 900, at 18:00Z only; air -6.25 C.
    // GHI 500: Tc = -6.25 + 15.625 = 9.375; factor 1 + 0.004 * 15.625 = 1.0625; 0.5 * 1.0625 * 0.86 = 0.456875.
    const value = (ms: number) => {
      const d = new Date(ms);
      if (d.getUTCHours() !== 18) return 0;
      return d.getUTCMonth() === 1 ? 500 : 900;
    };
    const weather: SolarWeather = {
      id: 'leap_check',
      ghiWm2: hourly('ghi', 'W/m2', '2013-02-27T00:00:00Z', 96, value),
      tempAirC: hourly('temp', 'C', '2013-02-27T00:00:00Z', 96, () => -6.25),
    };
    const profile = buildRenewableProfile(
      { kind: 'solar', weather, capacityMw: 1 },
      { fromMs: t('2024-02-28T00:00:00Z'), toMs: t('2024-03-01T00:00:00Z'), resolutionMs: HOUR },
    );
    expect(profile.series.at(t('2024-02-28T18:00:00Z'))).toBeCloseTo(0.456875, 10);
    expect(profile.series.at(t('2024-02-29T18:00:00Z'))).toBeCloseTo(0.456875, 10);
    expect(profile.fallbacks).toBe(0);
    expect(profile.description).toContain('weather year 2013 mapped onto 2024');
  });

  it('falls back to the previous day where the file lacks local Feb 29 (Amarillo 2012 style) and counts hours', () => {
    // 2012 file from 2012-01-01T06:00Z, 8784 hours, missing 2012-02-29T06:00Z .. 2012-03-01T05:00Z (24 hours).
    const gapFrom = t('2012-02-29T06:00:00Z');
    const skip = (ms: number) => ms >= gapFrom && ms < gapFrom + 24 * HOUR;
    const weather: SolarWeather = {
      id: 'amarillo_like_2012',
      ghiWm2: hourly('ghi', 'W/m2', '2012-01-01T06:00:00Z', 8784, () => 800, skip),
      tempAirC: hourly('temp', 'C', '2012-01-01T06:00:00Z', 8784, () => 20, skip),
    };
    // 2023 (not leap): only Mar 1 00:00-05:00Z land in the gap -> 6 hours, counted once each
    // although each covers four 15-min intervals.
    const p2023 = buildRenewableProfile(
      { kind: 'solar', weather, capacityMw: 1 },
      { fromMs: t('2023-01-01T00:00:00Z'), toMs: t('2024-01-01T00:00:00Z'), resolutionMs: QUARTER },
    );
    expect(p2023.weatherYear).toBe(2012);
    expect(p2023.fallbacks).toBe(6);
    expect(p2023.series.at(t('2023-03-01T03:15:00Z'))).toBeCloseTo(0.63296, 10);
    expect(p2023.description).toContain(
      'weather year 2012 mapped onto 2023 by month, day and UTC hour; ' +
        '6 hours missing from the weather file took the same hour of the previous day',
    );
    // 2024 (leap, Feb 29 kept since 2012 has one): Feb 29 06:00-23:00Z (18) + Mar 1 00:00-05:00Z (6) = 24.
    const p2024 = buildRenewableProfile(
      { kind: 'solar', weather, capacityMw: 1 },
      { fromMs: t('2024-01-01T00:00:00Z'), toMs: t('2025-01-01T00:00:00Z'), resolutionMs: HOUR },
    );
    expect(p2024.fallbacks).toBe(24);
    expect(p2024.series.length).toBe(8784);
  });

  it('throws naming the weather id and time when a whole two days are missing', () => {
    const gapFrom = t('2013-05-01T00:00:00Z');
    const weather = syntheticSolar((ms) => ms >= gapFrom && ms < gapFrom + 48 * HOUR);
    expect(() =>
      buildRenewableProfile(
        { kind: 'solar', weather, capacityMw: 1 },
        { fromMs: t('2023-05-02T00:00:00Z'), toMs: t('2023-05-03T00:00:00Z'), resolutionMs: HOUR },
      ),
    ).toThrow('synthetic_sun_2013: no weather for 2013-05-02T00:00:00.000Z');
  });

  it('averages hours for multi-hour intervals and rejects odd resolutions or grids', () => {
    // 2-hour intervals: 14:00-16:00Z = mean(0, 0.63296) = 0.31648; 16:00-18:00Z = 0.63296.
    const profile = buildRenewableProfile(
      { kind: 'solar', weather: syntheticSolar(), capacityMw: 1 },
      { fromMs: t('2023-06-01T00:00:00Z'), toMs: t('2023-06-02T00:00:00Z'), resolutionMs: 2 * HOUR },
    );
    expect(profile.series.length).toBe(12);
    expect(profile.series.at(t('2023-06-01T14:00:00Z'))).toBeCloseTo(0.31648, 10);
    expect(profile.series.at(t('2023-06-01T16:00:00Z'))).toBeCloseTo(0.63296, 10);
    const source = { kind: 'solar' as const, weather: syntheticSolar(), capacityMw: 1 };
    const from = t('2023-06-01T00:00:00Z');
    expect(() =>
      buildRenewableProfile(source, { fromMs: from, toMs: from + HOUR, resolutionMs: 7 * 60_000 }),
    ).toThrow(/resolution/);
    expect(() =>
      buildRenewableProfile(source, { fromMs: from + 60_000, toMs: from + HOUR, resolutionMs: QUARTER }),
    ).toThrow(/grid/);
    expect(() => buildRenewableProfile(source, { fromMs: from, toMs: from, resolutionMs: QUARTER })).toThrow(
      /toMs after fromMs/,
    );
  });
});

describe('buildRenewableProfile (wind, synthetic year)', () => {
  // 6 m/s at 100 m all year, 10 m/s at 120 m. Fraction at 6 m/s = (216 - 27) / 1701 = 1/9;
  // 2 MW * 1/9 * 0.97 = 0.215555... MW. At 10 m/s: (1000 - 27) / 1701 = 973/1701;
  // 2 * 973/1701 * 0.97 = 1.109735... MW.
  const wind: HubHeightWind = {
    id: 'synthetic_wind_2013',
    speedByHeightMs: new Map([
      [100, hourly('ws100', 'm/s', '2013-01-01T06:00:00Z', 8760, () => 6)],
      [120, hourly('ws120', 'm/s', '2013-01-01T06:00:00Z', 8760, () => 10)],
    ]),
  };
  const window = {
    fromMs: t('2023-01-01T00:00:00Z'),
    toMs: t('2024-01-01T00:00:00Z'),
    resolutionMs: QUARTER,
  };

  it('uses the nearest hub height (the lower on a tie) and the power curve', () => {
    const at110 = buildRenewableProfile({ kind: 'wind', wind, hubHeightM: 110, capacityMw: 2 }, window);
    expect(at110.series.length).toBe(35_040);
    expect(at110.series.at(t('2023-07-01T12:45:00Z'))).toBeCloseTo((2 * 0.97) / 9, 10);
    expect(mean(at110.series)).toBeCloseTo((2 * 0.97) / 9, 10);
    expect(at110.description).toContain('hub-height wind at 100 m for a 110 m hub');
    expect(at110.description).toContain('weather year 2013 mapped onto 2023');
    expect(at110.wrapped).toBe(6);
    const at120 = buildRenewableProfile({ kind: 'wind', wind, hubHeightM: 120, capacityMw: 2 }, window);
    expect(at120.series.at(t('2023-07-01T12:45:00Z'))).toBeCloseTo((2 * 0.97 * 973) / 1701, 10);
    expect(at120.series.id).toBe('wind:synthetic_wind_2013');
  });

  it('throws naming the weather id, height and time for a missing stretch', () => {
    const gapFrom = t('2013-08-10T00:00:00Z');
    const holey: HubHeightWind = {
      id: 'holey_wind',
      speedByHeightMs: new Map([
        [
          100,
          hourly(
            'ws100',
            'm/s',
            '2013-01-01T06:00:00Z',
            8760,
            () => 6,
            (ms) => ms >= gapFrom && ms < gapFrom + 72 * HOUR,
          ),
        ],
      ]),
    };
    expect(() =>
      buildRenewableProfile({ kind: 'wind', wind: holey, hubHeightM: 100, capacityMw: 1 }, window),
    ).toThrow('holey_wind (100 m): no weather for 2013-08-11T00:00:00.000Z');
  });
});
