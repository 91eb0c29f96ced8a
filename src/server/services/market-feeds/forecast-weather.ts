import { FORECAST_HISTORY_DAYS } from '../../../core/backtest/forecast-site-input.ts';
import type { Site } from '../../../core/fleet/index.ts';
import type { TimeSeries } from '../../../core/market/index.ts';
import type { MarketData } from '../../../core/ports/market-data.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The site as the live loop plans it: its behind-the-meter solar and wind on the Open-Meteo
 * forecast stored for the site (`open-meteo:<site id>`) instead of its weather file's typical
 * year, when the forecast has every hour of the planning grid (the forecasters' history days
 * before `atMs` to a day after it). Otherwise the site is unchanged and plans on its weather file.
 */
export function withForecastWeather(site: Site, market: MarketData, atMs: number): Site {
  const id = `open-meteo:${site.id}`;
  const fromMs = Math.floor(atMs / DAY_MS) * DAY_MS - FORECAST_HISTORY_DAYS * DAY_MS;
  const toMs = atMs + DAY_MS;
  const solar = market.solarWeatherIds().includes(id) ? market.solarWeather(id) : undefined;
  const wind = market.hubHeightWindIds().includes(id)
    ? market.hubHeightWind(id).speedByHeightMs.get(100)
    : undefined;
  const solarOk =
    solar !== undefined && covers(solar.ghiWm2, fromMs, toMs) && covers(solar.tempAirC, fromMs, toMs);
  const windOk = wind !== undefined && covers(wind, fromMs, toMs);
  if (!solarOk && !windOk) return site;
  return {
    ...site,
    supply: site.supply.map((s) =>
      s.kind === 'solar' && solarOk
        ? { ...s, weather: id }
        : s.kind === 'wind' && windOk
          ? { ...s, wind: id }
          : s,
    ),
  };
}

function covers(series: TimeSeries, fromMs: number, toMs: number): boolean {
  for (let ms = Math.floor(fromMs / HOUR_MS) * HOUR_MS; ms < toMs; ms += HOUR_MS) {
    if (series.at(ms) === undefined) return false;
  }
  return true;
}
