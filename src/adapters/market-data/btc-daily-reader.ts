import type { BtcDay } from '../../core/market/index.ts';
import {
  type CsvTable,
  cellError,
  dateCell,
  nullableNumberCell,
  numberCell,
  readCsvFile,
  requireColumns,
} from './csv-reader.ts';

/** Columns of `bitcoin/btc_daily.csv`. */
export const BTC_DAILY_COLUMNS = [
  'date',
  'price_usd',
  'difficulty',
  'hashrate_ehs',
  'block_count',
  'fees_btc',
  'subsidy_btc',
] as const;

/**
 * One BtcDay per row of `btc_daily.csv`. `date` and `difficulty` are required; every other empty cell is
 * `null` (unknown), never zero. Dates must be strictly increasing.
 */
export function btcDaysFromCsv(table: CsvTable): BtcDay[] {
  const c = requireColumns(table, BTC_DAILY_COLUMNS);
  const days: BtcDay[] = new Array(table.rows.length);
  let previous = '';
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    const date = dateCell(row, c.date);
    if (date <= previous) {
      throw cellError(
        row,
        c.date,
        `date ${date} is not after the previous row's ${previous}; rows must be in date order`,
      );
    }
    previous = date;
    days[i] = {
      date,
      priceUsd: nullableNumberCell(row, c.price_usd),
      difficulty: numberCell(row, c.difficulty),
      hashrateEhs: nullableNumberCell(row, c.hashrate_ehs),
      blockCount: nullableNumberCell(row, c.block_count),
      feesBtc: nullableNumberCell(row, c.fees_btc),
      subsidyBtc: nullableNumberCell(row, c.subsidy_btc),
    };
  }
  return days;
}

/** Reads `bitcoin/btc_daily.csv`. */
export async function readBtcDaily(path: string): Promise<BtcDay[]> {
  return btcDaysFromCsv(await readCsvFile(path));
}
