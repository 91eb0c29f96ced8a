import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors/index.ts';
import { readBtcDaily } from './btc-daily-reader.ts';
import { dataDirFromEnv } from './data-dir.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

const file = join(dataDirFromEnv(), 'bitcoin', 'btc_daily.csv');
const HEADER = 'date,price_usd,difficulty,hashrate_ehs,block_count,fees_btc,subsidy_btc\n';

describe('readBtcDaily on bitcoin/btc_daily.csv', () => {
  it('reads one day per row, 2020-01-01 .. 2025-12-31', async () => {
    const days = await readBtcDaily(file);
    expect(days).toHaveLength(2192);
    expect(days[0]!.date).toBe('2020-01-01');
    expect(days[days.length - 1]!.date).toBe('2025-12-31');
  });

  it('reads the halving day 2024-04-20', async () => {
    const day = (await readBtcDaily(file)).find((d) => d.date === '2024-04-20');
    expect(day).toEqual({
      date: '2024-04-20',
      priceUsd: 64979.21,
      difficulty: 86388558925171.3,
      hashrateEhs: 558.271812,
      blockCount: null,
      feesBtc: 1257.71544525,
      subsidyBtc: null,
    });
  });

  it('keeps empty cells as null, never zero', async () => {
    const days = await readBtcDaily(file);
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get('2022-06-01')!.feesBtc).toBeNull();
    expect(byDate.get('2022-06-01')!.priceUsd).toBe(29789.58);
    expect(byDate.get('2020-01-01')!.priceUsd).toBeNull();
    expect(byDate.get('2025-11-14')!.hashrateEhs).toBeNull();
    expect(byDate.get('2021-05-01')).toMatchObject({
      blockCount: 139,
      feesBtc: 102.1168687,
      subsidyBtc: 868.75,
    });
    expect(days.filter((d) => d.priceUsd !== null)).toHaveLength(1999);
    expect(days.filter((d) => d.feesBtc !== null)).toHaveLength(1698);
  });
});

describe('readBtcDaily on malformed files', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await temp.remove();
  });

  async function error(text: string, name: string): Promise<DataFileError> {
    const path = await temp.write(name, text);
    try {
      await readBtcDaily(path);
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      return e as DataFileError;
    }
    throw new Error('expected a DataFileError');
  }

  it('names file, line and column of a bad difficulty', async () => {
    const e = await error(`${HEADER}2024-01-01,1,2,3,,,\n2024-01-02,1,lots,3,,,\n`, 'bad_difficulty.csv');
    expect(e.message).toMatch(/bad_difficulty\.csv:3:3 \(column difficulty\): "lots" is not a number$/);
  });

  it('requires difficulty but not the other numbers', async () => {
    const e = await error(`${HEADER}2024-01-01,,,,,,\n`, 'no_difficulty.csv');
    expect(e.message).toMatch(/no_difficulty\.csv:2:3 \(column difficulty\): cell is empty/);
  });

  it('rejects a bad or repeated date', async () => {
    expect((await error(`${HEADER}2024-13-01,1,2,3,,,\n`, 'bad_date.csv')).message).toMatch(
      /bad_date\.csv:2:1 \(column date\): "2024-13-01" is not a date/,
    );
    const repeated = await error(`${HEADER}2024-01-01,1,2,3,,,\n2024-01-01,1,2,3,,,\n`, 'repeat.csv');
    expect(repeated.message).toMatch(/repeat\.csv:3:1 .*not after/);
  });

  it('names the file and the missing column', async () => {
    const e = await error('date,price_usd,difficulty\n2024-01-01,1,2\n', 'short_header.csv');
    expect(e.message).toContain('short_header.csv');
    expect(e.message).toContain('"hashrate_ehs"');
    expect(e.location.columnName).toBe('hashrate_ehs, block_count, fees_btc, subsidy_btc');
  });
});
