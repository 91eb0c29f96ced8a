import { basename } from 'node:path';
import { DataFileError } from '../../core/errors/index.ts';
import type { SeriesGap, TimeSeries } from '../../core/market/index.ts';
import {
  type CsvColumn,
  type CsvTable,
  nullableNumberCell,
  readCsvFile,
  requireColumn,
  timestampCell,
} from './csv-reader.ts';
import {
  type IntervalRow,
  inferResolutionMs,
  orderIntervals,
  seriesFromIntervals,
} from './interval-series.ts';

/** A power-price series read from every `<id>_<year>.csv` file of one id, joined end to end. */
export interface PowerPriceSeries {
  readonly id: string;
  /** ISO currency code from the price column name (`price_cad_mwh` -> `CAD`). */
  readonly currency: string;
  /** Values in `<currency>/MWh`; missing intervals are gaps. */
  readonly series: TimeSeries;
  /** The series' gaps (missing or empty intervals), e.g. AESO's dropped fall-back hour. */
  readonly gaps: readonly SeriesGap[];
  /** The files read, in time order. */
  readonly files: readonly string[];
}

export const POWER_TIME_COLUMN = 'interval_start_utc';

const YEAR_SUFFIX = /^(.+)_(\d{4})$/;

/**
 * Series id of a file in `power/`: `ercot_rt_hb_west_2023.csv` -> `ercot_rt_hb_west`. A `.csv` without a
 * `_<year>` suffix is a series of its own (`myiso.csv` -> `myiso`). Undefined for files that are not CSV.
 */
export function powerSeriesIdFromFileName(fileName: string): string | undefined {
  if (!fileName.toLowerCase().endsWith('.csv')) return undefined;
  const stem = fileName.slice(0, -4);
  if (stem === '') return undefined;
  return YEAR_SUFFIX.exec(stem)?.[1] ?? stem;
}

/** The price column (`price_<ccy>_mwh`, the second header column) and its currency. */
export function priceColumnOf(
  file: string,
  header: readonly string[],
): { column: CsvColumn; currency: string } {
  for (let index = 0; index < header.length; index++) {
    const name = header[index]!;
    if (name.startsWith('price_') && name.endsWith('_mwh')) {
      const currency = name.slice(6, -4);
      if (/^[a-z]{3}$/i.test(currency)) return { column: { name, index }, currency: currency.toUpperCase() };
    }
  }
  throw new DataFileError(
    'SY_ERR_DATA_FILE_MALFORMED',
    { file, line: 1, columnName: 'price_<ccy>_mwh' },
    `header lacks a price column named price_<ccy>_mwh with a 3-letter currency, e.g. price_usd_mwh ` +
      `(header is: ${header.join(',')})`,
  );
}

/** The currency of a price file, from its header alone. */
export function currencyFromPriceHeader(file: string, header: readonly string[]): string {
  return priceColumnOf(file, header).currency;
}

interface PriceRow extends IntervalRow {
  readonly price: number | null;
}

/**
 * Joins the parsed files of one series (any order; they are put in time order) into one TimeSeries.
 * The resolution is the smallest step between consecutive rows (5, 15, 30 or 60 min); all files must share
 * one currency. Rows must be in time order within a file and files must not overlap. Missing intervals and
 * empty price cells stay gaps.
 */
export function powerPriceSeriesFromCsv(id: string, tables: readonly CsvTable[]): PowerPriceSeries {
  if (tables.length === 0) throw new Error(`power series ${id}: no files`);
  let currency: string | undefined;
  let currencyFile = '';
  const perFile: { table: CsvTable; rows: PriceRow[] }[] = [];
  for (const table of tables) {
    const price = priceColumnOf(table.file, table.header);
    if (currency === undefined) {
      currency = price.currency;
      currencyFile = table.file;
    } else if (price.currency !== currency) {
      throw new DataFileError(
        'SY_ERR_DATA_FILE_MALFORMED',
        { file: table.file, line: 1, column: price.column.index + 1, columnName: price.column.name },
        `currency ${price.currency} differs from ${currency} in ${basename(currencyFile)} of the same series ${id}`,
      );
    }
    const timeColumn = requireColumn(table, POWER_TIME_COLUMN);
    const rows: PriceRow[] = new Array(table.rows.length);
    for (let i = 0; i < table.rows.length; i++) {
      const row = table.rows[i]!;
      rows[i] = {
        row,
        timeColumn,
        startMs: timestampCell(row, timeColumn),
        price: nullableNumberCell(row, price.column),
      };
    }
    if (rows.length > 0) perFile.push({ table, rows });
  }
  if (perFile.length === 0) {
    throw new DataFileError(
      'SY_ERR_DATA_FILE_MALFORMED',
      { file: tables[0]!.file },
      `power series ${id} has no rows`,
    );
  }
  perFile.sort((a, b) => a.rows[0]!.startMs - b.rows[0]!.startMs);
  const all: PriceRow[] = [];
  for (const { rows } of perFile) {
    for (const row of rows) all.push(row);
  }
  const ordered = orderIntervals(all);
  const resolutionMs = inferResolutionMs(ordered);
  const unit = `${currency}/MWh`;
  const series = seriesFromIntervals(id, unit, resolutionMs, ordered, (row) => row.price);
  return {
    id,
    currency: currency!,
    series,
    gaps: series.gaps,
    files: perFile.map(({ table }) => table.file),
  };
}

/** Reads the given files of one series (e.g. `power/aeso_pool_price_2023.csv`, `..._2024.csv`). */
export async function readPowerPriceSeries(id: string, paths: readonly string[]): Promise<PowerPriceSeries> {
  const tables = await Promise.all(paths.map((path) => readCsvFile(path)));
  return powerPriceSeriesFromCsv(id, tables);
}
