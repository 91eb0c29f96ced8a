import type { MarketData } from '../../core/ports/market-data.ts';
import { inferWeatherYear, mapToWeatherYear, pickHeight } from '../../core/renewables/index.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A place the fake Open-Meteo knows: a site's coordinates and the weather files it stands on. */
export interface FakeWeatherPlace {
  readonly latitude: number;
  readonly longitude: number;
  readonly solarWeather?: string;
  readonly wind?: string;
}

/**
 * Open-Meteo `/v1/forecast` replies (hourly shortwave radiation, 2 m temperature, 100 m wind in
 * the API's default km/h, `timezone=GMT`) from the weather files of the nearest known place: each
 * hour takes the same month, day and UTC hour of the file's (typical) year, so forecasts and past
 * days are the place's weather, whatever the date.
 */
export function openMeteoForecast(
  market: MarketData,
  places: readonly FakeWeatherPlace[],
  query: URLSearchParams,
  nowMs: number,
): object {
  const latitude = Number(query.get('latitude'));
  const longitude = Number(query.get('longitude'));
  const place = [...places].sort(
    (a, b) =>
      Math.hypot(a.latitude - latitude, a.longitude - longitude) -
      Math.hypot(b.latitude - latitude, b.longitude - longitude),
  )[0];
  if (!place || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return { error: true, reason: 'Parameter latitude and longitude must be given' };
  }
  const pastDays = Math.min(92, Number(query.get('past_days') ?? 0) || 0);
  const forecastDays = Math.min(16, Number(query.get('forecast_days') ?? 7) || 7);
  const fromMs = Math.floor(nowMs / DAY_MS) * DAY_MS - pastDays * DAY_MS;
  const toMs = Math.floor(nowMs / DAY_MS) * DAY_MS + forecastDays * DAY_MS;
  const solar = place.solarWeather ? market.solarWeather(place.solarWeather) : undefined;
  const windFile = place.wind ? market.hubHeightWind(place.wind) : undefined;
  const wind = windFile?.speedByHeightMs.get(pickHeight(windFile.speedByHeightMs.keys(), 100));
  const years = new Map<unknown, number>();
  const at = (series: typeof wind, ms: number) => {
    if (!series) return null;
    if (!years.has(series)) years.set(series, inferWeatherYear(series));
    const value = series.at(mapToWeatherYear(ms, years.get(series)!));
    return value === undefined ? null : value;
  };
  const time: string[] = [];
  const ghi: (number | null)[] = [];
  const temp: (number | null)[] = [];
  const speed: (number | null)[] = [];
  for (let ms = fromMs; ms < toMs; ms += HOUR_MS) {
    time.push(new Date(ms).toISOString().slice(0, 16));
    ghi.push(at(solar?.ghiWm2, ms));
    temp.push(at(solar?.tempAirC, ms) ?? 15);
    const ms100 = at(wind, ms);
    speed.push(ms100 === null ? null : Math.round(ms100 * 3.6 * 10) / 10);
  }
  return {
    latitude,
    longitude,
    generationtime_ms: 0.5,
    utc_offset_seconds: 0,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 100,
    hourly_units: {
      time: 'iso8601',
      shortwave_radiation: 'W/m²',
      temperature_2m: '°C',
      wind_speed_100m: 'km/h',
    },
    hourly: { time, shortwave_radiation: ghi, temperature_2m: temp, wind_speed_100m: speed },
  };
}

/** The places of a fleet's sites with behind-the-meter solar or wind, with their weather files. */
export function weatherPlaces(
  sites: readonly {
    coordinates: { lat: number; lon: number };
    supply: readonly ({ kind: string; weather?: string; wind?: string } | { kind: string })[];
  }[],
): FakeWeatherPlace[] {
  return sites.flatMap((site) => {
    const solar = site.supply.find((s) => s.kind === 'solar') as { weather?: string } | undefined;
    const wind = site.supply.find((s) => s.kind === 'wind') as { wind?: string } | undefined;
    if (!solar && !wind) return [];
    return [
      {
        latitude: site.coordinates.lat,
        longitude: site.coordinates.lon,
        solarWeather: solar?.weather,
        wind: wind?.wind,
      },
    ];
  });
}
