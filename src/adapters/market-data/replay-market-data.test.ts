import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError, SwitchyardError } from '../../core/errors/index.ts';
import { dataDirFromEnv } from './data-dir.ts';
import { runMarketDataContract } from './market-data.contract.ts';
import { ReplayMarketData } from './replay-market-data.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

const dataDir = dataDirFromEnv();

runMarketDataContract('ReplayMarketData on the shared data', () => ReplayMarketData.load(dataDir), {
  knownDate: '2024-04-20',
  seriesId: 'aeso_pool_price',
  currency: 'CAD',
  gapMs: Date.parse('2023-11-05T08:30:00Z'),
  // ../shared/data/grid: ERCOT Native Load and DAM AS MCPC, first row of 2023 (ECRS began 2023-06-10).
  grid: {
    loadMs: Date.parse('2023-01-01T06:00:00Z'),
    loadMw: 35609.173887,
    ecrsGapMs: Date.parse('2023-01-01T06:00:00Z'),
    rrsMs: Date.parse('2023-01-01T06:00:00Z'),
    rrsUsdPerMw: 1.45,
  },
});

describe('ReplayMarketData on the shared data', () => {
  let market: ReplayMarketData;
  beforeAll(async () => {
    market = await ReplayMarketData.load(dataDir);
  });

  it("discovers series ids from file names, and the grid directory's day-ahead hubs and zones", () => {
    const ids = market.priceSeriesIds();
    expect(ids.slice(0, 4)).toEqual([
      'aeso_pool_price',
      'ercot_da_hb_west',
      'ercot_rt_hb_north',
      'ercot_rt_hb_west',
    ]);
    // power/ercot_da_hb_west_*.csv takes precedence over the wide file's HB_WEST column.
    expect(ids.filter((id) => id === 'ercot_da_hb_west')).toHaveLength(1);
    expect(ids).toContain('ercot_da_hb_north');
    expect(market.priceCurrency('ercot_da_hb_north')).toBe('USD');
    expect(market.priceSeries('ercot_da_hb_north').at(Date.parse('2024-01-16T23:00:00Z'))).toBeGreaterThan(0);
    expect(market.solarWeatherIds()).toEqual([
      'georgia_central_weather_2013',
      'greensboro_nc_weather_tmy3',
      'texas_amarillo_weather_2012',
      'texas_dalhart_weather_2013',
      'texas_muleshoe_weather_2013',
    ]);
    expect(market.hubHeightWindIds()).toEqual([
      'georgia_central_wind_hubheight_2013',
      'texas_dalhart_wind_hubheight_2013',
      'texas_muleshoe_wind_hubheight_2013',
    ]);
  });

  it('finds Bitcoin days by timestamp', () => {
    const halving = market.btcDayAt(Date.parse('2024-04-20T00:09:27Z'))!;
    expect(halving.priceUsd).toBe(64979.21);
    expect(halving.difficulty).toBe(86388558925171.3);
    expect(market.btcDayAt(Date.parse('2022-06-01T18:00:00Z'))!.feesBtc).toBeNull();
    expect(market.btcDayAt(Date.parse('2019-12-31T23:59:59Z'))).toBeUndefined();
    expect(market.btcDayAt(Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(market.btcDays()).toHaveLength(2192);
    expect(market.difficultyEpochs()).toHaveLength(160);
  });

  it('joins both years of ercot_rt_hb_west into one gap-free 15-minute series', () => {
    const series = market.priceSeries('ercot_rt_hb_west');
    expect(series.resolutionMs).toBe(15 * 60_000);
    expect(series.length).toBe(35_040 + 35_136);
    expect(series.gaps).toEqual([]);
    expect(series.at(Date.parse('2023-01-01T06:00:00Z'))).toBe(-2.56);
    expect(market.priceCurrency('ercot_rt_hb_west')).toBe('USD');
    expect(market.priceSeries('ercot_rt_hb_west')).toBe(series);
  });

  it('keeps the two AESO fall-back hours as gaps', () => {
    const read = market.powerPriceSeries('aeso_pool_price');
    expect(read.currency).toBe('CAD');
    expect(read.gaps).toEqual([
      { fromMs: Date.parse('2023-11-05T08:00:00Z'), intervals: 1 },
      { fromMs: Date.parse('2024-11-03T08:00:00Z'), intervals: 1 },
    ]);
  });

  it('reads weather and hub-height wind on demand', () => {
    expect(
      market.solarWeather('texas_dalhart_weather_2013').ghiWm2.at(Date.parse('2013-06-21T18:00:00Z')),
    ).toBe(1002);
    const wind = market.hubHeightWind('texas_dalhart_wind_hubheight_2013');
    expect(wind.speedByHeightMs.get(120)!.at(Date.parse('2013-01-01T06:00:00Z'))).toBe(5.89);
    expect(market.hubHeightWind('texas_dalhart_wind_hubheight_2013')).toBe(wind);
  });

  it('tells weather kinds apart and lists known ids for an unknown one', () => {
    expect(() => market.solarWeather('texas_dalhart_wind_hubheight_2013')).toThrow(SwitchyardError);
    expect(() => market.hubHeightWind('x')).toThrow(
      /unknown hub-height wind "x"; known: georgia_central_wind/,
    );
    expect(() => market.priceSeries('ercot_rt_hb_west_2023')).toThrow(
      'unknown price series "ercot_rt_hb_west_2023"; known: aeso_pool_price, ercot_da_hb_west, ercot_rt_hb_north, ercot_rt_hb_west',
    );
  });

  it('serves reference data', () => {
    expect(market.minerModels().find((m) => m.model === 'Antminer S19j Pro')).toMatchObject({
      hashrateThs: 104,
      powerW: 3068,
    });
    expect(market.minerModels().find((m) => m.model === 'Avalon A1346')!.powerW).toBe(3300);
    expect(market.skippedMinerModels).toEqual([]);
    expect(market.gpuRentalPrices()).toHaveLength(64);
  });
});

describe('ReplayMarketData on an operator data directory', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir();
    await temp.write(
      'bitcoin/btc_daily.csv',
      'date,price_usd,difficulty,hashrate_ehs,block_count,fees_btc,subsidy_btc\n2025-01-01,94392.51,109782075598905,800,,,\n',
    );
    await temp.write(
      'bitcoin/difficulty_epochs.csv',
      'height,timestamp_utc,difficulty,start_date_utc\n876960,,109782075598905,2024-12-30\n',
    );
    await temp.write(
      'reference/miner_models.csv',
      'model,vendor,release_year,hashrate_ths,power_w,efficiency_j_th,source,notes\nS21,Bitmain,2023,200,3500,,s,\nX,Y,,100,,,s,\n',
    );
    await temp.write(
      'reference/gpu_rental_prices.csv',
      'observed_date,provider,gpu_model,vram_gb,tier,price_usd_per_gpu_hour,source,notes\n2025-06,"A, B",H100,80,spot,2,s,\n',
    );
    await temp.write(
      'power/myiso_rt_2025.csv',
      'interval_start_utc,price_usd_mwh\n2025-01-01T00:00:00Z,20\n2025-01-01T00:15:00Z,21\n2025-01-01T00:45:00Z,23\n',
    );
    await temp.write(
      'power/broken_2025.csv',
      'interval_start_utc,price_eur_mwh\n2025-01-01T00:00:00Z,oops\n',
    );
    await temp.write('power/README.md', 'not a series');
    await temp.write('renewables/site_weather_2025.csv', 'interval_start_utc,ghi_w_m2,temp_air_c\n');
  });
  afterAll(async () => {
    await temp.remove();
  });

  it('picks up a dropped-in export as a series named after its file', async () => {
    const market = await ReplayMarketData.load(temp.path);
    expect(market.priceSeriesIds()).toEqual(['broken', 'myiso_rt']);
    const series = market.priceSeries('myiso_rt');
    expect(series.resolutionMs).toBe(15 * 60_000);
    expect(series.gaps).toEqual([{ fromMs: Date.parse('2025-01-01T00:30:00Z'), intervals: 1 }]);
    expect(market.skippedMinerModels).toMatchObject([{ line: 3, model: 'X' }]);
    expect(market.minerModels()).toHaveLength(1);
  });

  it('reads a series only when asked: a malformed file fails then, not at load', async () => {
    const market = await ReplayMarketData.load(temp.path);
    expect(market.priceCurrency('broken')).toBe('EUR');
    expect(() => market.priceSeries('broken')).toThrow(
      /broken_2025\.csv:2:2 \(column price_eur_mwh\): "oops"/,
    );
    expect(() => market.solarWeather('site_weather_2025')).toThrow(
      /site_weather_2025\.csv: weather file has no rows/,
    );
  });

  it('throws SY_ERR_DATA_FILE_MISSING naming a missing data directory or file', async () => {
    const missingDir = join(temp.path, 'nowhere');
    await expect(ReplayMarketData.load(missingDir)).rejects.toMatchObject({
      code: 'SY_ERR_DATA_FILE_MISSING',
      message: `${missingDir}: data directory not found (set it with --data-dir or SWITCHYARD_DATA_DIR)`,
    });
    const partial = await makeTempDir();
    try {
      await partial.write(
        'bitcoin/difficulty_epochs.csv',
        'height,timestamp_utc,difficulty,start_date_utc\n',
      );
      await partial.write(
        'reference/miner_models.csv',
        'model,vendor,hashrate_ths,power_w,efficiency_j_th\n',
      );
      await partial.write(
        'reference/gpu_rental_prices.csv',
        'observed_date,provider,gpu_model,vram_gb,tier,price_usd_per_gpu_hour\n',
      );
      await partial.write('power/x_2025.csv', 'interval_start_utc,price_usd_mwh\n');
      await partial.write('renewables/x_weather_2025.csv', 'interval_start_utc,ghi_w_m2,temp_air_c\n');
      const missingFile = join(partial.path, 'bitcoin', 'btc_daily.csv');
      const error = await ReplayMarketData.load(partial.path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataFileError);
      expect(error).toMatchObject({
        code: 'SY_ERR_DATA_FILE_MISSING',
        message: `${missingFile}: file not found`,
      });
    } finally {
      await partial.remove();
    }
  });
});
