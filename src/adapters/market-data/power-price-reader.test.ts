import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors/index.ts';
import { parseCsv } from './csv-reader.ts';
import { dataDirFromEnv } from './data-dir.ts';
import {
  currencyFromPriceHeader,
  powerPriceSeriesFromCsv,
  powerSeriesIdFromFileName,
  readPowerPriceSeries,
} from './power-price-reader.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

const powerDir = join(dataDirFromEnv(), 'power');
const MIN15 = 15 * 60_000;
const HOUR = 3_600_000;

async function rejected(promise: Promise<unknown>): Promise<DataFileError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return error as DataFileError;
  }
  throw new Error('expected a DataFileError');
}

describe('powerSeriesIdFromFileName', () => {
  it('strips _<year>.csv, keeps a yearless stem, ignores other files', () => {
    expect(powerSeriesIdFromFileName('ercot_rt_hb_west_2023.csv')).toBe('ercot_rt_hb_west');
    expect(powerSeriesIdFromFileName('aeso_pool_price_2024.csv')).toBe('aeso_pool_price');
    expect(powerSeriesIdFromFileName('myiso_rt_2025.CSV')).toBe('myiso_rt');
    expect(powerSeriesIdFromFileName('myiso.csv')).toBe('myiso');
    expect(powerSeriesIdFromFileName('README.md')).toBeUndefined();
  });
});

describe('currencyFromPriceHeader', () => {
  it('takes the currency from the price column name', () => {
    expect(currencyFromPriceHeader('f', ['interval_start_utc', 'price_cad_mwh'])).toBe('CAD');
    expect(currencyFromPriceHeader('f', ['interval_start_utc', 'price_usd_mwh'])).toBe('USD');
    expect(() => currencyFromPriceHeader('f.csv', ['interval_start_utc', 'price'])).toThrow(
      /f\.csv:1.*price_<ccy>_mwh/,
    );
  });
});

describe('real power files', () => {
  it('ercot_rt_hb_west: 35,040 + 35,136 intervals of 15 min, no gaps, first -2.56', async () => {
    const read = await readPowerPriceSeries('ercot_rt_hb_west', [
      join(powerDir, 'ercot_rt_hb_west_2024.csv'),
      join(powerDir, 'ercot_rt_hb_west_2023.csv'),
    ]);
    const { series } = read;
    expect(read.currency).toBe('USD');
    expect(series.id).toBe('ercot_rt_hb_west');
    expect(series.unit).toBe('USD/MWh');
    expect(series.resolutionMs).toBe(MIN15);
    expect(series.length).toBe(35_040 + 35_136);
    expect(read.gaps).toEqual([]);
    expect(read.files.map((file) => file.slice(-8))).toEqual(['2023.csv', '2024.csv']);
    expect(series.startMs).toBe(Date.parse('2023-01-01T06:00:00Z'));
    expect(series.endMs).toBe(Date.parse('2025-01-01T06:00:00Z'));
    expect(series.at(Date.parse('2023-01-01T06:00:00Z'))).toBe(-2.56);
    expect(series.at(Date.parse('2023-01-01T06:14:59Z'))).toBe(-2.56);
    expect(series.at(Date.parse('2023-09-07T00:30:00Z'))).toBe(5333.97);
    expect(series.at(Date.parse('2024-01-17T00:15:00Z'))).toBe(1174.66);
    expect(series.at(Date.parse('2024-05-09T01:00:00Z'))).toBe(4981.33);
  });

  it('aeso_pool_price: hourly CAD with exactly the two dropped fall-back hours as gaps', async () => {
    const read = await readPowerPriceSeries('aeso_pool_price', [
      join(powerDir, 'aeso_pool_price_2023.csv'),
      join(powerDir, 'aeso_pool_price_2024.csv'),
    ]);
    expect(read.currency).toBe('CAD');
    expect(read.series.unit).toBe('CAD/MWh');
    expect(read.series.resolutionMs).toBe(HOUR);
    expect(read.gaps).toEqual([
      { fromMs: Date.parse('2023-11-05T08:00:00Z'), intervals: 1 },
      { fromMs: Date.parse('2024-11-03T08:00:00Z'), intervals: 1 },
    ]);
    expect(read.series.at(Date.parse('2023-11-05T08:30:00Z'))).toBeUndefined();
    expect(read.series.at(Date.parse('2023-11-05T07:00:00Z'))).toBe(44.74);
    expect(read.series.at(Date.parse('2023-11-05T09:00:00Z'))).toBe(41.16);
    expect(read.series.at(Date.parse('2023-03-12T08:00:00Z'))).toBe(63.55);
    expect(read.series.length).toBe(8_760 + 8_784);
  });

  it('ercot_da_hb_west: hourly, 8,760 + 8,784 intervals', async () => {
    const read = await readPowerPriceSeries('ercot_da_hb_west', [
      join(powerDir, 'ercot_da_hb_west_2023.csv'),
      join(powerDir, 'ercot_da_hb_west_2024.csv'),
    ]);
    expect(read.series.resolutionMs).toBe(HOUR);
    expect(read.series.length).toBe(8_760 + 8_784);
    expect(read.gaps).toEqual([]);
    expect(read.series.at(Date.parse('2024-05-09T00:00:00Z'))).toBe(2236.49);
  });

  it('parses a whole 35k-row year', () => {
    const file = join(powerDir, 'ercot_rt_hb_north_2024.csv');
    const read = powerPriceSeriesFromCsv('ercot_rt_hb_north', [parseCsv(readFileSync(file, 'utf8'), file)]);
    expect(read.series.length).toBe(35_136);
  });
});

describe('power files from an operator export', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await temp.remove();
  });

  const header = 'interval_start_utc,price_eur_mwh\n';

  it('keeps missing rows and empty cells as gaps and infers a 15-minute resolution', async () => {
    const file = await temp.write(
      'power/myiso_rt_2025.csv',
      `${header}2025-01-01T00:00:00Z,10\n2025-01-01T00:15:00Z,\n2025-01-01T00:30:00Z,12\n2025-01-01T01:15:00Z,15\n`,
    );
    const read = await readPowerPriceSeries('myiso_rt', [file]);
    expect(read.currency).toBe('EUR');
    expect(read.series.resolutionMs).toBe(MIN15);
    expect(read.gaps).toEqual([
      { fromMs: Date.parse('2025-01-01T00:15:00Z'), intervals: 1 },
      { fromMs: Date.parse('2025-01-01T00:45:00Z'), intervals: 2 },
    ]);
    expect([...read.series.points()].map((p) => p.value)).toEqual([10, 12, 15]);
  });

  it('names file, line and column of a bad price', async () => {
    const file = await temp.write(
      'bad-price/x_2025.csv',
      `${header}2025-01-01T00:00:00Z,10\n2025-01-01T01:00:00Z,abc\n`,
    );
    const error = await rejected(readPowerPriceSeries('x', [file]));
    expect(error.code).toBe('SY_ERR_DATA_FILE_MALFORMED');
    expect(error.message).toBe(`${file}:3:2 (column price_eur_mwh): "abc" is not a number`);
  });

  it('names file, line and column of a bad timestamp', async () => {
    const file = await temp.write(
      'bad-time/x_2025.csv',
      `${header}2025-01-01T00:00:00Z,10\n2025-01-01 01:00,11\n`,
    );
    const error = await rejected(readPowerPriceSeries('x', [file]));
    expect(error.message).toContain(`${file}:3:1 (column interval_start_utc): "2025-01-01 01:00"`);
  });

  it('rejects rows out of order and repeated intervals, naming the line', async () => {
    const unordered = await temp.write(
      'unordered/x_2025.csv',
      `${header}2025-01-01T01:00:00Z,10\n2025-01-01T00:00:00Z,11\n2025-01-01T02:00:00Z,12\n`,
    );
    expect((await rejected(readPowerPriceSeries('x', [unordered]))).message).toMatch(
      /:3:1 .*not after.*line 2/,
    );
    const repeated = await temp.write(
      'repeated/x_2025.csv',
      `${header}2025-01-01T00:00:00Z,10\n2025-01-01T01:00:00Z,11\n2025-01-01T01:00:00Z,12\n`,
    );
    expect((await rejected(readPowerPriceSeries('x', [repeated]))).message).toMatch(/:4:1 .*appears twice/);
  });

  it('rejects an unsupported resolution and rows off the grid', async () => {
    const odd = await temp.write(
      'odd/x_2025.csv',
      `${header}2025-01-01T00:00:00Z,10\n2025-01-01T00:07:00Z,11\n`,
    );
    expect((await rejected(readPowerPriceSeries('x', [odd]))).message).toMatch(/:3:1 .*smallest step.*7 min/);
    const offGrid = await temp.write(
      'offgrid/x_2025.csv',
      `${header}2025-01-01T00:00:00Z,10\n2025-01-01T01:00:00Z,11\n2025-01-01T02:30:00Z,12\n`,
    );
    expect((await rejected(readPowerPriceSeries('x', [offGrid]))).message).toMatch(
      /:4:1 .*off the 60 min grid/,
    );
  });

  it('rejects files of one series with different currencies or overlapping years', async () => {
    const a = await temp.write(
      'mixed/y_2024.csv',
      `${header}2024-12-31T22:00:00Z,1\n2024-12-31T23:00:00Z,2\n`,
    );
    const b = await temp.write(
      'mixed/y_2025.csv',
      'interval_start_utc,price_usd_mwh\n2025-01-01T00:00:00Z,3\n',
    );
    expect((await rejected(readPowerPriceSeries('y', [a, b]))).message).toMatch(
      /y_2025\.csv:1:2 .*USD differs from EUR/,
    );
    const c = await temp.write(
      'overlap/z_2025.csv',
      `${header}2024-12-31T23:00:00Z,9\n2025-01-01T00:00:00Z,3\n`,
    );
    const error = await rejected(readPowerPriceSeries('y', [a, c]));
    expect(error.message).toMatch(/z_2025\.csv:2:1 .*appears twice.*y_2024\.csv/);
  });

  it('rejects a file without a price_<ccy>_mwh column', async () => {
    const file = await temp.write('nocol/x_2025.csv', 'interval_start_utc,price\n2025-01-01T00:00:00Z,1\n');
    const error = await rejected(readPowerPriceSeries('x', [file]));
    expect(error.message).toContain(file);
    expect(error.location.columnName).toBe('price_<ccy>_mwh');
  });
});
