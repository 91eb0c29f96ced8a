import type { FeedReading, MarketFeed } from '../../../core/ports/market-feed.ts';
import type { MarketPointDraft } from '../../../core/ports/market-history.ts';
import { weatherSpec } from '../../market-history/series-keys.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport } from '../http-transport.ts';
import { decimal, list, record, text } from '../json-fields.ts';

const HOUR_MS = 3_600_000;

export interface OpenMeteoFeedOptions {
  /** Names the stored series: `forecast:<location>:ghi|temp|wind_100m`. */
  readonly location: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Default `https://api.open-meteo.com`. */
  readonly baseUrl?: string;
  readonly forecastDays?: number;
}

/** Hourly variables asked for, the stored series suffix, its unit and how to convert the reply's unit. */
const VARIABLES = [
  { name: 'shortwave_radiation', suffix: 'ghi', unit: 'W/m2', convert: { 'W/m²': 1 } },
  { name: 'temperature_2m', suffix: 'temp', unit: 'degC', convert: { '°C': 1 } },
  { name: 'wind_speed_100m', suffix: 'wind_100m', unit: 'm/s', convert: { 'm/s': 1, 'km/h': 1 / 3.6 } },
] as const;

/**
 * Open-Meteo's forecast API (`/v1/forecast`): hourly global horizontal irradiance (shortwave
 * radiation), 2 m temperature and 100 m (hub-height) wind for one place, for the PV and turbine
 * models. `hourly.time` is local time without an offset: `utc_offset_seconds` turns it into UTC.
 * Units are read from `hourly_units` (wind in km/h by default is converted to m/s).
 */
export class OpenMeteoFeed implements MarketFeed {
  readonly id: string;
  readonly description: string;
  readonly #options: OpenMeteoFeedOptions;
  readonly #transport: HttpTransport;

  constructor(options: OpenMeteoFeedOptions, transport: HttpTransport) {
    this.#options = options;
    this.#transport = transport;
    this.id = `open-meteo-${options.location.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    this.description = `Open-Meteo forecast at ${options.latitude}, ${options.longitude} (${options.location})`;
  }

  poll(nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    return this.#read(0, nowMs, signal);
  }

  /** Past hours through the forecast API's `past_days` (at most 92), the days of [fromMs, toMs). */
  async backfill(fromMs: number, toMs: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const pastDays = Math.min(92, Math.max(1, Math.ceil((nowMs - fromMs) / 86_400_000)));
    const readings = await this.#read(pastDays, nowMs, signal);
    return readings.map((r) => ({ ...r, points: r.points.filter((p) => p.atMs >= fromMs && p.atMs < toMs) }));
  }

  async #read(pastDays: number, nowMs: number, signal: AbortSignal): Promise<FeedReading[]> {
    const o = this.#options;
    const query = new URLSearchParams({
      latitude: String(o.latitude),
      longitude: String(o.longitude),
      hourly: VARIABLES.map((v) => v.name).join(','),
      ...(pastDays > 0 ? { past_days: String(pastDays) } : {}),
      forecast_days: String(o.forecastDays ?? 2),
      timezone: 'GMT',
    });
    const body = record(
      this.id,
      await getJson(this.id, this.#transport, {
        url: `${o.baseUrl ?? 'https://api.open-meteo.com'}/v1/forecast?${query}`,
        signal,
      }),
      'reply',
    );
    if (body.error === true) throw feedReplyInvalid(this.id, `Open-Meteo error: ${String(body.reason)}`);
    const offsetMs = decimal(this.id, body.utc_offset_seconds ?? 0, 'utc_offset_seconds') * 1000;
    const hourly = record(this.id, body.hourly, 'hourly');
    const units = record(this.id, body.hourly_units, 'hourly_units');
    const times = list(this.id, hourly.time, 'hourly.time').map(
      (t, i) => localHour(this.id, t, `hourly.time[${i}]`) - offsetMs,
    );
    return VARIABLES.map((variable) => {
      const values = list(this.id, hourly[variable.name], `hourly.${variable.name}`);
      if (values.length !== times.length) {
        throw feedReplyInvalid(
          this.id,
          `hourly.${variable.name} has ${values.length} values for ${times.length} times`,
        );
      }
      const unit = text(this.id, units[variable.name], `hourly_units.${variable.name}`);
      const factor = (variable.convert as Record<string, number>)[unit];
      if (factor === undefined)
        throw feedReplyInvalid(this.id, `hourly_units.${variable.name} "${unit}" is not supported`);
      const points: MarketPointDraft[] = [];
      values.forEach((value, i) => {
        // Open-Meteo sends null where a model has no value.
        if (value === null) return;
        points.push({
          atMs: times[i]!,
          knownAtMs: nowMs,
          value: decimal(this.id, value, `hourly.${variable.name}[${i}]`) * factor,
        });
      });
      points.sort((a, b) => a.atMs - b.atMs);
      return {
        series: weatherSpec(`forecast:${o.location}:${variable.suffix}`, variable.unit, HOUR_MS),
        points,
      };
    });
  }
}

function localHour(feedId: string, value: unknown, path: string): number {
  const raw = text(feedId, value, path);
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(raw);
  if (!match)
    throw feedReplyInvalid(feedId, `${path} is not an ISO 8601 local hour (${JSON.stringify(raw)})`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi);
}
