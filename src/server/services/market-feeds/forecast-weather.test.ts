import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FakeMarketData } from '../../../adapters/market-data/index.ts';
import { StoredMarketData, weatherSpec } from '../../../adapters/market-history/index.ts';
import { MemoryStorage } from '../../../adapters/storage/index.ts';
import { FORECAST_HISTORY_DAYS } from '../../../core/backtest/forecast-site-input.ts';
import { buildSiteMarket } from '../../../core/backtest/site-market.ts';
import { parseFleet } from '../../../core/fleet/index.ts';
import { withForecastWeather } from './forecast-weather.ts';

const fleet = parseFleet(
  parse(readFileSync(fileURLToPath(new URL('../../../../examples/fleet.yaml', import.meta.url)), 'utf8')),
  'examples/fleet.yaml',
);
const site = fleet.sites.find((s) => s.id === 'ga-hub')!;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const AT = Date.parse('2026-06-12T15:00:00Z');
const FROM = Math.floor(AT / DAY) * DAY - FORECAST_HISTORY_DAYS * DAY;

/** Stored Open-Meteo series for ga-hub over [FROM, to): a constant GHI, 25 degC, wind at 100 m. */
async function market(toMs: number, ghi: number, windMs: number) {
  const storage = new MemoryStorage();
  const hours = Array.from({ length: (toMs - FROM) / HOUR }, (_, i) => FROM + i * HOUR);
  const store = (suffix: string, unit: string, value: number) =>
    storage.marketHistory.append({
      series: weatherSpec(`forecast:ga-hub:${suffix}`, unit, HOUR),
      source: 'feed:open-meteo-ga-hub',
      points: hours.map((atMs) => ({ atMs, knownAtMs: FROM, value })),
    });
  await store('ghi', 'W/m2', ghi);
  await store('temp', 'degC', 25);
  await store('wind_100m', 'm/s', windMs);
  return StoredMarketData.load(storage.marketHistory, { reference: new FakeMarketData() });
}

describe('withForecastWeather', () => {
  it("plans a site's solar and wind on its Open-Meteo forecast when it covers the planning grid", async () => {
    const stored = await market(AT + 2 * DAY, 800, 12);
    const live = withForecastWeather(site, stored, AT);
    expect(live.supply.map((s) => ('weather' in s ? s.weather : 'wind' in s ? s.wind : s.kind))).toEqual([
      'time-of-use',
      'open-meteo:ga-hub',
      'open-meteo:ga-hub',
    ]);
    const cells = (AT - FROM) / 900_000 + 96;
    const siteMarket = buildSiteMarket(
      fleet,
      live,
      stored,
      { byDate: new Map(), feesEstimatedDates: [], unpricedDates: [] },
      {
        startMs: FROM,
        cells,
        cellMinutes: 15,
      },
    );
    // 40 MW of PV at 800 W/m2 and 10 MW of wind at rated speed: the same output every hour.
    const now = siteMarket.renewableMw.values[(AT - FROM) / 900_000]!;
    expect(now).toBeGreaterThan(30);
    expect(siteMarket.renewableMw.values[0]).toBeCloseTo(now, 6);
    expect(siteMarket.notes.join('\n')).toMatch(/weather open-meteo:ga-hub/);
  });

  it('keeps the weather file when the forecast does not reach a day past the decision', async () => {
    const stored = await market(AT + 3 * HOUR, 800, 12);
    expect(withForecastWeather(site, stored, AT)).toBe(site);
  });
});
