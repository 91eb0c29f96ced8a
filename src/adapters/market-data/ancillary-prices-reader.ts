import type { AncillaryPriceService, TimeSeries } from '../../core/market/index.ts';
import {
  type CsvTable,
  nullableNumberCell,
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

/** Column of each service in the day-ahead clearing-price file, USD per MW per hour. */
export const ANCILLARY_PRICE_COLUMNS: Readonly<Record<AncillaryPriceService, string>> = {
  'reg-down': 'regdn_usd_per_mw',
  'reg-up': 'regup_usd_per_mw',
  rrs: 'rrs_usd_per_mw',
  'non-spin': 'nspin_usd_per_mw',
  ecrs: 'ecrs_usd_per_mw',
};

/**
 * One service's day-ahead clearing price (MCPC), from one or more files joined in time order. An empty
 * cell is a gap (ECRS did not exist before 2023-06-10), never zero.
 */
export function ancillaryPricesFromCsv(
  service: AncillaryPriceService,
  tables: readonly CsvTable[],
): TimeSeries {
  const rows: (IntervalRow & { price: number | null })[] = [];
  for (const table of tables) {
    const { interval_start_utc: time } = requireColumns(table, ['interval_start_utc'] as const);
    const column = requireColumn(table, ANCILLARY_PRICE_COLUMNS[service]);
    for (const row of table.rows) {
      rows.push({
        row,
        timeColumn: time,
        startMs: timestampCell(row, time),
        price: nullableNumberCell(row, column),
      });
    }
  }
  const ordered = orderIntervals(rows);
  return seriesFromIntervals(
    `as_${service}`,
    'USD/MW-h',
    inferResolutionMs(ordered),
    ordered,
    (r) => r.price,
  );
}
