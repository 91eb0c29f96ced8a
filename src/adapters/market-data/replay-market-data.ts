import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileError } from '../../core/errors/index.ts';
import type {
  AncillaryPriceService,
  BtcDay,
  DifficultyEpoch,
  GpuRentalPrice,
  GridEvent,
  HubHeightWind,
  MinerModel,
  SolarWeather,
  TimeSeries,
} from '../../core/market/index.ts';
import type { MarketData } from '../../core/ports/index.ts';
import { ancillaryPricesFromCsv } from './ancillary-prices-reader.ts';
import { readBtcDaily } from './btc-daily-reader.ts';
import { BtcDayIndex } from './btc-day-index.ts';
import { type CsvColumn, type CsvTable, readCsvFileSync, readCsvHeaderSync } from './csv-reader.ts';
import { DATA_DIR_ENV } from './data-dir.ts';
import { readDifficultyEpochs } from './difficulty-epochs-reader.ts';
import { readGpuRentalPrices } from './gpu-prices-reader.ts';
import { dayAheadColumns, dayAheadSeriesFromCsv, GRID_DAY_AHEAD_FILE } from './grid-day-ahead-reader.ts';
import { gridEventsFromCsv } from './grid-events-reader.ts';
import { discoverGridFiles, type GridFileKind, requireGridFiles } from './grid-files.ts';
import { readMinerModels, type SkippedMinerModel } from './miner-models-reader.ts';
import {
  currencyFromPriceHeader,
  type PowerPriceSeries,
  powerPriceSeriesFromCsv,
  powerSeriesIdFromFileName,
} from './power-price-reader.ts';
import { systemLoadFromCsv } from './system-load-reader.ts';
import { unknownSeriesError } from './unknown-series-error.ts';
import { hubHeightWindFromCsv, solarWeatherFromCsv, weatherFileKind } from './weather-reader.ts';

/** Where each kind of file lives under the data directory. */
export const DATA_PATHS = {
  btcDaily: 'bitcoin/btc_daily.csv',
  difficultyEpochs: 'bitcoin/difficulty_epochs.csv',
  minerModels: 'reference/miner_models.csv',
  gpuRentalPrices: 'reference/gpu_rental_prices.csv',
  powerDir: 'power',
  renewablesDir: 'renewables',
  gridDir: 'grid',
} as const;

interface ReplayParts {
  readonly dataDir: string;
  readonly btcDays: readonly BtcDay[];
  readonly epochs: readonly DifficultyEpoch[];
  readonly miners: readonly MinerModel[];
  readonly skippedMiners: readonly SkippedMinerModel[];
  readonly gpus: readonly GpuRentalPrice[];
  readonly priceFiles: ReadonlyMap<string, readonly string[]>;
  readonly solarFiles: ReadonlyMap<string, string>;
  readonly windFiles: ReadonlyMap<string, string>;
  /** Day-ahead series of the grid directory's wide ERCOT file (absent file: none). */
  readonly gridDayAhead: ReadonlyMap<string, CsvColumn>;
  readonly gridFiles: ReadonlyMap<GridFileKind, readonly string[]>;
}

/**
 * MarketData replayed from the CSV files of a data directory. `load` reads the small files (Bitcoin days,
 * difficulty epochs, miner models, GPU prices) and lists `power/` and `renewables/`; a price or weather
 * series is read from disk the first time it is asked for, then cached.
 */
export class ReplayMarketData implements MarketData {
  readonly dataDir: string;
  /** Rows of miner_models.csv left out (no power and no efficiency), with the reason. */
  readonly skippedMinerModels: readonly SkippedMinerModel[];
  private readonly btc: BtcDayIndex;
  private readonly epochs: readonly DifficultyEpoch[];
  private readonly miners: readonly MinerModel[];
  private readonly gpus: readonly GpuRentalPrice[];
  private readonly priceFiles: ReadonlyMap<string, readonly string[]>;
  private readonly solarFiles: ReadonlyMap<string, string>;
  private readonly windFiles: ReadonlyMap<string, string>;
  private readonly gridDayAhead: ReadonlyMap<string, CsvColumn>;
  private gridDayAheadTable: CsvTable | undefined;
  private readonly prices = new Map<string, PowerPriceSeries>();
  private readonly currencies = new Map<string, string>();
  private readonly solar = new Map<string, SolarWeather>();
  private readonly wind = new Map<string, HubHeightWind>();
  private readonly gridFiles: ReadonlyMap<GridFileKind, readonly string[]>;
  private load: TimeSeries | undefined;
  private readonly ancillary = new Map<AncillaryPriceService, TimeSeries>();
  private events: readonly GridEvent[] | undefined;

  private constructor(parts: ReplayParts) {
    this.dataDir = parts.dataDir;
    this.btc = new BtcDayIndex(parts.btcDays);
    this.epochs = parts.epochs;
    this.miners = parts.miners;
    this.skippedMinerModels = parts.skippedMiners;
    this.gpus = parts.gpus;
    this.priceFiles = parts.priceFiles;
    this.solarFiles = parts.solarFiles;
    this.windFiles = parts.windFiles;
    this.gridDayAhead = parts.gridDayAhead;
    this.gridFiles = parts.gridFiles;
  }

  /** Reads the small files of `dataDir` and discovers the series ids. Throws DataFileError (missing/malformed). */
  static async load(dataDir: string): Promise<ReplayMarketData> {
    await requireDirectory(dataDir, `data directory not found (set it with --data-dir or ${DATA_DIR_ENV})`);
    const [btcDays, epochs, miners, gpus, priceFiles, renewables, gridFiles] = await Promise.all([
      readBtcDaily(join(dataDir, DATA_PATHS.btcDaily)),
      readDifficultyEpochs(join(dataDir, DATA_PATHS.difficultyEpochs)),
      readMinerModels(join(dataDir, DATA_PATHS.minerModels)),
      readGpuRentalPrices(join(dataDir, DATA_PATHS.gpuRentalPrices)),
      discoverPriceFiles(join(dataDir, DATA_PATHS.powerDir)),
      discoverWeatherFiles(join(dataDir, DATA_PATHS.renewablesDir)),
      discoverGridFiles(join(dataDir, DATA_PATHS.gridDir)),
    ]);
    return new ReplayMarketData({
      dataDir,
      btcDays,
      epochs,
      miners: miners.models,
      skippedMiners: miners.skipped,
      gpus,
      priceFiles,
      solarFiles: renewables.solar,
      windFiles: renewables.wind,
      gridDayAhead: discoverGridDayAhead(dataDir, priceFiles),
      gridFiles,
    });
  }

  btcDayAt(ms: number): BtcDay | undefined {
    return this.btc.at(ms);
  }

  btcDays(): readonly BtcDay[] {
    return this.btc.days;
  }

  difficultyEpochs(): readonly DifficultyEpoch[] {
    return this.epochs;
  }

  priceSeriesIds(): readonly string[] {
    return [...this.priceFiles.keys(), ...this.gridDayAhead.keys()];
  }

  priceSeries(id: string): TimeSeries {
    return this.powerPriceSeries(id).series;
  }

  /** The price series with its currency, gaps and source files; read on first use, then cached. */
  powerPriceSeries(id: string): PowerPriceSeries {
    const cached = this.prices.get(id);
    if (cached) return cached;
    const column = this.gridDayAhead.get(id);
    if (column) {
      this.gridDayAheadTable ??= readCsvFileSync(join(this.dataDir, GRID_DAY_AHEAD_FILE));
      const read = dayAheadSeriesFromCsv(id, this.gridDayAheadTable, column);
      this.prices.set(id, read);
      this.currencies.set(id, read.currency);
      return read;
    }
    const files = this.priceFilesOf(id);
    const read = powerPriceSeriesFromCsv(
      id,
      files.map((file) => readCsvFileSync(file)),
    );
    this.prices.set(id, read);
    this.currencies.set(id, read.currency);
    return read;
  }

  /** Currency of a price series, from the header of its first file (the series itself is not read). */
  priceCurrency(id: string): string {
    const cached = this.currencies.get(id);
    if (cached) return cached;
    if (this.gridDayAhead.has(id)) return 'USD';
    const file = this.priceFilesOf(id)[0]!;
    const currency = currencyFromPriceHeader(file, readCsvHeaderSync(file));
    this.currencies.set(id, currency);
    return currency;
  }

  /** Ids of the `renewables/*_weather*.csv` files. */
  solarWeatherIds(): readonly string[] {
    return [...this.solarFiles.keys()];
  }

  /** Ids of the `renewables/*_wind_hubheight*.csv` files. */
  hubHeightWindIds(): readonly string[] {
    return [...this.windFiles.keys()];
  }

  solarWeather(id: string): SolarWeather {
    const cached = this.solar.get(id);
    if (cached) return cached;
    const file = this.solarFiles.get(id);
    if (file === undefined) throw unknownSeriesError('solar weather', id, this.solarWeatherIds());
    const weather = solarWeatherFromCsv(id, readCsvFileSync(file));
    this.solar.set(id, weather);
    return weather;
  }

  hubHeightWind(id: string): HubHeightWind {
    const cached = this.wind.get(id);
    if (cached) return cached;
    const file = this.windFiles.get(id);
    if (file === undefined) throw unknownSeriesError('hub-height wind', id, this.hubHeightWindIds());
    const wind = hubHeightWindFromCsv(id, readCsvFileSync(file));
    this.wind.set(id, wind);
    return wind;
  }

  minerModels(): readonly MinerModel[] {
    return this.miners;
  }

  gpuRentalPrices(): readonly GpuRentalPrice[] {
    return this.gpus;
  }

  /** `grid/*native_load*.csv`, read on first use. */
  systemLoad(): TimeSeries {
    this.load ??= systemLoadFromCsv(this.gridTables('systemLoad'));
    return this.load;
  }

  /** `grid/*as_mcpc*.csv`, one service's column, read on first use. */
  ancillaryPrices(service: AncillaryPriceService): TimeSeries {
    const cached = this.ancillary.get(service);
    if (cached) return cached;
    const series = ancillaryPricesFromCsv(service, this.gridTables('ancillaryPrices'));
    this.ancillary.set(service, series);
    return series;
  }

  /** `grid/*grid_events*.csv`, read on first use. */
  gridEvents(): readonly GridEvent[] {
    this.events ??= gridEventsFromCsv(this.gridTables('gridEvents'));
    return this.events;
  }

  private gridTables(kind: GridFileKind) {
    const dir = join(this.dataDir, DATA_PATHS.gridDir);
    return requireGridFiles(this.gridFiles, kind, dir).map((file) => readCsvFileSync(file));
  }

  private priceFilesOf(id: string): readonly string[] {
    const files = this.priceFiles.get(id);
    if (!files) throw unknownSeriesError('price series', id, this.priceSeriesIds());
    return files;
  }
}

/** The wide ERCOT day-ahead file's series not already shipped as files of their own in `power/`. */
function discoverGridDayAhead(
  dataDir: string,
  priceFiles: ReadonlyMap<string, readonly string[]>,
): ReadonlyMap<string, CsvColumn> {
  const file = join(dataDir, GRID_DAY_AHEAD_FILE);
  if (!existsSync(file)) return new Map();
  const columns = dayAheadColumns(readCsvHeaderSync(file));
  for (const id of priceFiles.keys()) columns.delete(id);
  return columns;
}

async function requireDirectory(path: string, problem: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) return;
  } catch (error) {
    throw new DataFileError('SY_ERR_DATA_FILE_MISSING', { file: path }, problem, { cause: error });
  }
  throw new DataFileError('SY_ERR_DATA_FILE_MISSING', { file: path }, 'is not a directory');
}

async function listCsvFiles(dir: string): Promise<string[]> {
  await requireDirectory(dir, 'directory not found');
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.csv'))
    .map((entry) => entry.name)
    .sort();
}

/** Series id -> its files (`<id>_<year>.csv`), ids sorted by name and files by file name. */
async function discoverPriceFiles(dir: string): Promise<Map<string, string[]>> {
  const byId = new Map<string, string[]>();
  for (const name of await listCsvFiles(dir)) {
    const id = powerSeriesIdFromFileName(name);
    if (id === undefined) continue;
    const files = byId.get(id) ?? [];
    files.push(join(dir, name));
    byId.set(id, files);
  }
  return new Map([...byId.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Weather ids are the file stems in `renewables/`, split by naming convention into solar and wind. */
async function discoverWeatherFiles(
  dir: string,
): Promise<{ solar: Map<string, string>; wind: Map<string, string> }> {
  const solar = new Map<string, string>();
  const wind = new Map<string, string>();
  for (const name of await listCsvFiles(dir)) {
    const stem = name.slice(0, -4);
    const kind = weatherFileKind(stem);
    if (kind === 'solar-weather') solar.set(stem, join(dir, name));
    else if (kind === 'hub-height-wind') wind.set(stem, join(dir, name));
  }
  return { solar, wind };
}
