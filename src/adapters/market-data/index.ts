export { ANCILLARY_PRICE_COLUMNS, ancillaryPricesFromCsv } from './ancillary-prices-reader.ts';
export { BTC_DAILY_COLUMNS, btcDaysFromCsv, readBtcDaily } from './btc-daily-reader.ts';
export { BtcDayIndex } from './btc-day-index.ts';
export {
  type CsvColumn,
  type CsvRow,
  type CsvTable,
  cellError,
  csvRecords,
  dateCell,
  fileReadError,
  findColumn,
  integerCell,
  nullableNumberCell,
  numberCell,
  parseCsv,
  parseDecimal,
  parseIsoDate,
  parseIsoTimestamp,
  readCsvFile,
  readCsvFileSync,
  readCsvHeaderSync,
  requireColumn,
  requireColumns,
  requiredTextCell,
  textCell,
  timestampCell,
} from './csv-reader.ts';
export { DATA_DIR_ENV, DEFAULT_DATA_DIR, dataDirFromEnv } from './data-dir.ts';
export { difficultyEpochsFromCsv, readDifficultyEpochs } from './difficulty-epochs-reader.ts';
export { FakeMarketData } from './fake-market-data.ts';
export { gpuRentalPricesFromCsv, readGpuRentalPrices } from './gpu-prices-reader.ts';
export { GRID_EVENT_COLUMNS, gridEventsFromCsv } from './grid-events-reader.ts';
export { discoverGridFiles, GRID_FILE_PATTERNS, type GridFileKind } from './grid-files.ts';
export {
  type IntervalRow,
  inferResolutionMs,
  orderIntervals,
  seriesFromIntervals,
  supportedResolutionsMs,
} from './interval-series.ts';
export {
  type MinerModelsRead,
  minerModelsFromCsv,
  readMinerModels,
  type SkippedMinerModel,
} from './miner-models-reader.ts';
export {
  currencyFromPriceHeader,
  POWER_TIME_COLUMN,
  type PowerPriceSeries,
  powerPriceSeriesFromCsv,
  powerSeriesIdFromFileName,
  priceColumnOf,
  readPowerPriceSeries,
} from './power-price-reader.ts';
export { DATA_PATHS, ReplayMarketData } from './replay-market-data.ts';
export { SYSTEM_LOAD_COLUMNS, systemLoadFromCsv } from './system-load-reader.ts';
export { type SeriesKind, unknownSeriesError } from './unknown-series-error.ts';
export {
  hubHeightWindFromCsv,
  readHubHeightWind,
  readSolarWeather,
  solarWeatherFromCsv,
  WEATHER_TIME_COLUMN,
  type WeatherFileKind,
  weatherFileKind,
  windSpeedColumns,
} from './weather-reader.ts';
