import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFleetFile } from '../../src/adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { runMarketDataContract } from '../../src/adapters/market-data/market-data.contract.ts';
import { importMarketData, StoredMarketData, seriesKeys } from '../../src/adapters/market-history/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { openStorage, PGLITE_MEMORY } from '../../src/adapters/storage/index.ts';
import { runBacktest } from '../../src/core/backtest/run-backtest.ts';
import type { Storage } from '../../src/core/ports/storage.ts';

// The shared data directory (../shared/data, see its READMEs) imported into PGlite, then served
// back by StoredMarketData: the same MarketData contract, and the same backtest to the cent.
const dataDir = dataDirFromEnv();
const FLEET = fileURLToPath(new URL('../../examples/fleet.yaml', import.meta.url));

let storage: Storage;
let files: ReplayMarketData;
let stored: StoredMarketData;
let firstImport: Awaited<ReturnType<typeof importMarketData>>;

beforeAll(async () => {
  storage = await openStorage({ dataDir: PGLITE_MEMORY });
  files = await ReplayMarketData.load(dataDir);
  firstImport = await importMarketData(files, storage.marketHistory, 'file:shared-data');
  stored = await StoredMarketData.load(storage.marketHistory, { reference: files });
}, 240_000);

afterAll(async () => {
  await storage?.close();
});

runMarketDataContract('StoredMarketData on imported shared data', async () => stored, {
  knownDate: '2024-04-20',
  seriesId: 'aeso_pool_price',
  currency: 'CAD',
  gapMs: Date.parse('2023-11-05T08:30:00Z'),
});

describe('stored market history imported from the data directory', () => {
  it('serves every series, day and epoch the files hold, with the same values', () => {
    expect([...stored.priceSeriesIds()].sort()).toEqual([...files.priceSeriesIds()].sort());
    for (const id of files.priceSeriesIds()) {
      expect([...stored.priceSeries(id).points()]).toEqual([...files.priceSeries(id).points()]);
      expect(stored.priceCurrency(id)).toBe(files.priceCurrency(id));
    }
    expect(stored.btcDays()).toEqual(files.btcDays());
    expect(stored.difficultyEpochs()).toEqual(files.difficultyEpochs());
    expect([...stored.solarWeatherIds()].sort()).toEqual([...files.solarWeatherIds()].sort());
    for (const id of files.hubHeightWindIds()) {
      expect([...stored.hubHeightWind(id).speedByHeightMs.keys()].sort()).toEqual(
        [...files.hubHeightWind(id).speedByHeightMs.keys()].sort(),
      );
    }
  });

  it('a second import adds nothing (each server start runs it)', async () => {
    expect(Object.keys(firstImport.imported).length).toBeGreaterThan(10);
    const again = await importMarketData(files, storage.marketHistory, 'file:shared-data');
    expect(again.imported).toEqual({});
    expect([...again.skipped].sort()).toEqual(Object.keys(firstImport.imported).sort());
  });

  it('an as-of view shows only what was known then: real-time prices up to the interval that ended', async () => {
    const asOfMs = Date.parse('2023-08-20T12:00:00Z');
    const asOf = await StoredMarketData.load(storage.marketHistory, {
      reference: files,
      window: { fromMs: asOfMs - 86_400_000, toMs: asOfMs + 86_400_000, asOfMs },
    });
    const rt = asOf.priceSeries('ercot_rt_hb_west');
    expect(rt.at(asOfMs - 900_000)).toBe(files.priceSeries('ercot_rt_hb_west').at(asOfMs - 900_000));
    expect(rt.at(asOfMs)).toBeUndefined();
    // Day-ahead prices for the rest of the day and the next were published the day before.
    const da = asOf.priceSeries('ercot_da_hb_west');
    expect(da.at(asOfMs + 6 * 3_600_000)).toBe(
      files.priceSeries('ercot_da_hb_west').at(asOfMs + 6 * 3_600_000),
    );
    expect(asOf.btcDayAt(asOfMs)).toBeUndefined();
    expect(asOf.btcDayAt(asOfMs - 86_400_000)?.date).toBe('2023-08-19');
    expect(asOf.lastPoints.get(seriesKeys.power('ercot_rt_hb_west'))?.source).toBe('file:shared-data');
  });

  it('a backtest on stored history equals the backtest on the files', async () => {
    const solver = await HighsSolver.load();
    const request = {
      fleet: loadFleetFile(FLEET),
      siteIds: ['tx-west-1', 'ab-medicine-hat', 'ga-hub'],
      fromMs: Date.parse('2023-08-21T00:00:00Z'),
      toMs: Date.parse('2023-08-23T00:00:00Z'),
      strategies: ['lp-day-ahead', 'breakeven'],
      resolveEvery: 4,
    };
    const onFiles = runBacktest(request, { market: files, solver });
    const onStored = runBacktest(request, { market: stored, solver });
    expect(onStored.sites.length).toBe(3);
    expect(onStored).toEqual(onFiles);
  }, 240_000);
});
