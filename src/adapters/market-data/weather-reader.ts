import { DataFileError } from '../../core/errors/index.ts';
import type { HubHeightWind, SolarWeather, TimeSeries } from '../../core/market/index.ts';
import {
  type CsvColumn,
  type CsvTable,
  nullableNumberCell,
  readCsvFile,
  requireColumn,
  requireColumns,
  timestampCell,
} from './csv-reader.ts';
import {
  type IntervalRow,
  inferResolutionMs,
  orderIntervals,
  seriesFromIntervals,
} from './interval-series.ts';

export const WEATHER_TIME_COLUMN = 'interval_start_utc';

/** Which kind of weather file a `renewables/` file stem names, by its naming convention. */
export type WeatherFileKind = 'solar-weather' | 'hub-height-wind';

/** `*_wind_hubheight*` -> hub-height wind; `*_weather*` -> solar weather; anything else -> undefined. */
export function weatherFileKind(stem: string): WeatherFileKind | undefined {
  if (stem.includes('_wind_hubheight')) return 'hub-height-wind';
  if (stem.includes('_weather')) return 'solar-weather';
  return undefined;
}

interface WeatherRow extends IntervalRow {
  readonly values: readonly (number | null)[];
}

/**
 * Stamps and orders the rows and reads the given columns. Rows out of time order are sorted (TMY3 files mix
 * months of different real years, so their true UTC instants are not monotonic); a repeated instant is an error.
 */
function readIntervals(table: CsvTable, columns: readonly CsvColumn[]): readonly WeatherRow[] {
  const timeColumn = requireColumn(table, WEATHER_TIME_COLUMN);
  const rows: WeatherRow[] = new Array(table.rows.length);
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    const values = columns.map((column) => nullableNumberCell(row, column));
    rows[i] = { row, timeColumn, startMs: timestampCell(row, timeColumn), values };
  }
  if (rows.length === 0) {
    throw new DataFileError('SY_ERR_DATA_FILE_MALFORMED', { file: table.file }, 'weather file has no rows');
  }
  return orderIntervals(rows, true);
}

/**
 * Hourly solar weather (`*_weather_*.csv`): `ghi_w_m2` (W/m2) and `temp_air_c` (deg C) as series
 * `<id>/ghi_w_m2` and `<id>/temp_air_c`. Other columns (dni, dhi, surface wind) are not part of SolarWeather.
 */
export function solarWeatherFromCsv(id: string, table: CsvTable): SolarWeather {
  const columns = requireColumns(table, ['ghi_w_m2', 'temp_air_c']);
  const rows = readIntervals(table, [columns.ghi_w_m2, columns.temp_air_c]);
  const resolutionMs = inferResolutionMs(rows);
  return {
    id,
    ghiWm2: seriesFromIntervals(`${id}/ghi_w_m2`, 'W/m2', resolutionMs, rows, (row) => row.values[0]!),
    tempAirC: seriesFromIntervals(`${id}/temp_air_c`, 'degC', resolutionMs, rows, (row) => row.values[1]!),
  };
}

const WIND_SPEED_COLUMN = /^wind_speed_(\d+(?:\.\d+)?)m_m_s$/;

/** Hub heights (m) of the `wind_speed_<h>m_m_s` columns of a header, with their columns. */
export function windSpeedColumns(header: readonly string[]): { heightM: number; column: CsvColumn }[] {
  const found: { heightM: number; column: CsvColumn }[] = [];
  header.forEach((name, index) => {
    const match = WIND_SPEED_COLUMN.exec(name);
    if (match) found.push({ heightM: Number(match[1]), column: { name, index } });
  });
  return found.sort((a, b) => a.heightM - b.heightM);
}

/**
 * Hub-height wind (`*_wind_hubheight_*.csv`): one m/s series per `wind_speed_<h>m_m_s` column, keyed by
 * the height in metres parsed from the column name (series id `<id>/wind_speed_<h>m_m_s`).
 */
export function hubHeightWindFromCsv(id: string, table: CsvTable): HubHeightWind {
  const speeds = windSpeedColumns(table.header);
  if (speeds.length === 0) {
    throw new DataFileError(
      'SY_ERR_DATA_FILE_MALFORMED',
      { file: table.file, line: 1, columnName: 'wind_speed_<h>m_m_s' },
      `header has no wind speed column named wind_speed_<height>m_m_s (header is: ${table.header.join(',')})`,
    );
  }
  const rows = readIntervals(
    table,
    speeds.map((speed) => speed.column),
  );
  const resolutionMs = inferResolutionMs(rows);
  const speedByHeightMs = new Map<number, TimeSeries>();
  speeds.forEach((speed, i) => {
    const series = seriesFromIntervals(
      `${id}/${speed.column.name}`,
      'm/s',
      resolutionMs,
      rows,
      (row) => row.values[i]!,
    );
    speedByHeightMs.set(speed.heightM, series);
  });
  return { id, speedByHeightMs };
}

export async function readSolarWeather(id: string, path: string): Promise<SolarWeather> {
  return solarWeatherFromCsv(id, await readCsvFile(path));
}

export async function readHubHeightWind(id: string, path: string): Promise<HubHeightWind> {
  return hubHeightWindFromCsv(id, await readCsvFile(path));
}
