import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../http-transport.ts';
import { jsonReply, runMarketFeedContract } from '../market-feed.contract.ts';
import { OpenMeteoFeed } from './open-meteo-feed.ts';

// An Open-Meteo forecast reply, ../shared/fixtures/feeds/open-meteo (frenck/python-open-meteo test
// data, a live capture subset; see that folder's README): local times with utc_offset_seconds 7200,
// wind in km/h.
const FIXTURES = join(process.env.SWITCHYARD_FIXTURES_DIR ?? '../shared/fixtures', 'feeds/open-meteo');
const forecast = JSON.parse(
  readFileSync(join(FIXTURES, 'v1_forecast_hourly_shortwave_temp_wind100m.json'), 'utf8'),
);
const NOW = Date.parse('2026-10-02T23:00:00Z');
const options = { location: 'enschede', latitude: 52.276, longitude: 6.873 };

const reversed = () => {
  const body = structuredClone(forecast);
  for (const key of Object.keys(body.hourly)) body.hourly[key].reverse();
  return jsonReply(body);
};

runMarketFeedContract('Open-Meteo forecast', {
  create: (transport) => new OpenMeteoFeed(options, transport),
  nowMs: NOW,
  reply: () => jsonReply(forecast),
  outOfOrderReply: reversed,
  emptyReply: () =>
    jsonReply({
      ...forecast,
      hourly: { time: [], shortwave_radiation: [], temperature_2m: [], wind_speed_100m: [] },
    }),
  expected: [
    { key: 'forecast:enschede:temp', atMs: Date.parse('2026-10-02T22:00:00Z'), value: 11.8 },
    { key: 'forecast:enschede:ghi', atMs: Date.parse('2026-10-03T00:00:00Z'), value: 0 },
    { key: 'forecast:enschede:wind_100m', atMs: Date.parse('2026-10-02T23:00:00Z'), value: 26.6 / 3.6 },
  ],
});

describe('OpenMeteoFeed', () => {
  it('asks for irradiance, temperature and hub-height wind at the place, in GMT', async () => {
    const seen: HttpRequest[] = [];
    await new OpenMeteoFeed(options, async (r) => {
      seen.push(r);
      return jsonReply(forecast);
    }).poll(NOW, new AbortController().signal);
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe('/v1/forecast');
    expect(url.searchParams.get('hourly')).toBe('shortwave_radiation,temperature_2m,wind_speed_100m');
    expect(url.searchParams.get('latitude')).toBe('52.276');
  });

  it('refuses arrays of different lengths and unknown units', async () => {
    const short = structuredClone(forecast);
    short.hourly.temperature_2m.pop();
    await expect(
      new OpenMeteoFeed(options, async () => jsonReply(short)).poll(NOW, new AbortController().signal),
    ).rejects.toThrow(/temperature_2m has 2 values for 3 times/);
    const mph = structuredClone(forecast);
    mph.hourly_units.wind_speed_100m = 'mp/h';
    await expect(
      new OpenMeteoFeed(options, async () => jsonReply(mph)).poll(NOW, new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'SY_ERR_FEED_REPLY_INVALID',
    });
  });

  it('reads the error reply Open-Meteo sends for a bad request', async () => {
    const feed = new OpenMeteoFeed(options, async () =>
      jsonReply({ error: true, reason: 'Latitude must be in range' }),
    );
    await expect(feed.poll(NOW, new AbortController().signal)).rejects.toThrow(/Latitude must be in range/);
  });
});
