import { TimeSeries } from '../market/time-series.ts';
import type { HubHeightWind, SolarWeather } from '../market/weather.ts';
import { describePvModel, type PvParams, pvOutputMw, resolvePvParams } from './pv-model.ts';
import {
  describeWeatherYearMapping,
  HOUR_MS,
  inferWeatherYear,
  locateWeatherHour,
  type WeatherHourSource,
} from './weather-year-mapping.ts';
import {
  describeWindTurbine,
  pickHeight,
  resolveWindTurbineParams,
  type WindTurbineParams,
  windTurbineOutputMw,
} from './wind-turbine-model.ts';

/** A PV plant on an hourly solar weather file; PV parameters sit beside `kind` as in the fleet file. */
export interface SolarProfileSource extends PvParams {
  readonly kind: 'solar';
  readonly weather: SolarWeather;
}

/** A wind turbine (or farm of identical turbines) on a hub-height wind file. */
export interface WindProfileSource extends WindTurbineParams {
  readonly kind: 'wind';
  readonly wind: HubHeightWind;
  /** Wanted hub height, m; the nearest height in the file is used (see `pickHeight`). */
  readonly hubHeightM: number;
}

export type RenewableProfileSource = SolarProfileSource | WindProfileSource;

/** The output grid: intervals [fromMs, toMs) of `resolutionMs`, epoch ms UTC. */
export interface ProfileWindow {
  readonly fromMs: number;
  /** Exclusive end. */
  readonly toMs: number;
  /** Must divide one hour (e.g. 5 or 15 min) or be a whole number of hours. */
  readonly resolutionMs: number;
}

export interface RenewableProfile {
  /** Output in MW, one value per interval of the window, no gaps. */
  readonly series: TimeSeries;
  /** One line: the model with its parameters, then the weather-year mapping sentence. */
  readonly description: string;
  /** Price-year hours that took the previous day's weather because the file lacked the hour. */
  readonly fallbacks: number;
  /** Price-year hours that wrapped by a year to stay inside the file's UTC span (see weather-year-mapping). */
  readonly wrapped: number;
  /** Weather year inferred from the weather series. */
  readonly weatherYear: number;
}

interface HourlyModel {
  readonly seriesId: string;
  readonly description: string;
  readonly weatherYear: number;
  readonly source: WeatherHourSource;
  outputMw(weatherMs: number): number;
}

/**
 * Builds the power profile of a solar or wind plant over a price window. Each hour of the window
 * takes the weather of the same month, day and UTC hour in the weather year (see
 * weather-year-mapping); an interval shorter than an hour takes its hour's value, an interval of
 * several hours the mean of its hours. Throws an Error naming the weather id and time when a weather
 * hour has no value even after the previous-day fallback, and on a malformed window or weather grid.
 */
export function buildRenewableProfile(
  source: RenewableProfileSource,
  window: ProfileWindow,
): RenewableProfile {
  checkWindow(window);
  const model = source.kind === 'solar' ? solarModel(source) : windModel(source);

  const firstHourMs = Math.floor(window.fromMs / HOUR_MS) * HOUR_MS;
  const hourCount = Math.ceil((window.toMs - firstHourMs) / HOUR_MS);
  const hourlyMw = new Float64Array(hourCount);
  let fallbacks = 0;
  let wrapped = 0;
  for (let h = 0; h < hourCount; h++) {
    const hour = locateWeatherHour(firstHourMs + h * HOUR_MS, model.weatherYear, model.source);
    if (hour.fallback) fallbacks++;
    if (hour.wrapped) wrapped++;
    hourlyMw[h] = model.outputMw(hour.weatherMs);
  }

  const { fromMs, toMs, resolutionMs } = window;
  const hoursPerInterval = Math.max(1, resolutionMs / HOUR_MS);
  const points: { startMs: number; value: number }[] = [];
  for (let startMs = fromMs; startMs < toMs; startMs += resolutionMs) {
    const h = Math.floor((startMs - firstHourMs) / HOUR_MS);
    let sum = 0;
    for (let k = 0; k < hoursPerInterval; k++) sum += hourlyMw[h + k]!;
    points.push({ startMs, value: sum / hoursPerInterval });
  }

  const mapping = describeWeatherYearMapping({
    weatherYear: model.weatherYear,
    fromPriceYear: new Date(fromMs).getUTCFullYear(),
    toPriceYear: new Date(toMs - 1).getUTCFullYear(),
    fallbacks,
    wrapped,
  });
  return {
    series: TimeSeries.fromPoints(model.seriesId, 'MW', resolutionMs, points),
    description: `${model.description}; ${mapping}`,
    fallbacks,
    wrapped,
    weatherYear: model.weatherYear,
  };
}

function solarModel(source: SolarProfileSource): HourlyModel {
  const { weather } = source;
  const pv = resolvePvParams(source);
  checkHourly(weather.id, weather.ghiWm2);
  checkHourly(weather.id, weather.tempAirC);
  const { ghiWm2, tempAirC } = weather;
  return {
    seriesId: `solar:${weather.id}`,
    description: `${describePvModel(pv)}, weather ${weather.id}`,
    weatherYear: inferWeatherYear(ghiWm2),
    source: {
      id: weather.id,
      covers: (ms) => ghiWm2.covers(ms) && tempAirC.covers(ms),
      has: (ms) => ghiWm2.at(ms) !== undefined && tempAirC.at(ms) !== undefined,
    },
    outputMw: (ms) => pvOutputMw(pv, ghiWm2.at(ms)!, tempAirC.at(ms)!),
  };
}

function windModel(source: WindProfileSource): HourlyModel {
  const { wind, hubHeightM } = source;
  const turbine = resolveWindTurbineParams(source);
  const heightM = pickHeight(wind.speedByHeightMs.keys(), hubHeightM);
  const speed = wind.speedByHeightMs.get(heightM)!;
  checkHourly(wind.id, speed);
  return {
    seriesId: `wind:${wind.id}`,
    description: `${describeWindTurbine(turbine, heightM, hubHeightM)}, weather ${wind.id}`,
    weatherYear: inferWeatherYear(speed),
    source: {
      id: `${wind.id} (${heightM} m)`,
      covers: (ms) => speed.covers(ms),
      has: (ms) => speed.at(ms) !== undefined,
    },
    outputMw: (ms) => windTurbineOutputMw(turbine, speed.at(ms)!),
  };
}

function checkWindow({ fromMs, toMs, resolutionMs }: ProfileWindow): void {
  const resolutionOk =
    Number.isInteger(resolutionMs) &&
    resolutionMs > 0 &&
    (HOUR_MS % resolutionMs === 0 || resolutionMs % HOUR_MS === 0);
  if (!resolutionOk) {
    throw new Error(`resolution ${resolutionMs} ms must divide one hour or be a whole number of hours`);
  }
  if (!Number.isInteger(fromMs) || !Number.isInteger(toMs) || toMs <= fromMs) {
    throw new Error(`window ${fromMs}..${toMs} must be integer epoch ms with toMs after fromMs`);
  }
  if (fromMs % resolutionMs !== 0 || (toMs - fromMs) % resolutionMs !== 0) {
    throw new Error(
      `window ${iso(fromMs)}..${iso(toMs)} is not on the ${resolutionMs} ms grid (fromMs and toMs must be multiples)`,
    );
  }
}

function checkHourly(weatherId: string, series: TimeSeries): void {
  if (series.resolutionMs !== HOUR_MS || series.startMs % HOUR_MS !== 0) {
    throw new Error(
      `${weatherId}: weather series ${series.id} must be hourly on whole UTC hours ` +
        `(resolution ${series.resolutionMs} ms, starts ${iso(series.startMs)})`,
    );
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
