import type { TimeSeries } from '../../core/market/index.ts';
import { type CsvTable, numberCell, requireColumns, timestampCell } from './csv-reader.ts';
import {
  type IntervalRow,
  inferResolutionMs,
  orderIntervals,
  seriesFromIntervals,
} from './interval-series.ts';

/** Columns of a system-load file: interval start (UTC) and the system total, MW. */
export const SYSTEM_LOAD_COLUMNS = ['interval_start_utc', 'ercot_mw'] as const;

/**
 * The grid's hourly system load (ERCOT Native Load), MW, from one or more files joined in time order.
 * Every value is required: a load file with a blank total is malformed.
 */
export function systemLoadFromCsv(tables: readonly CsvTable[]): TimeSeries {
  const rows: (IntervalRow & { mw: number })[] = [];
  for (const table of tables) {
    const columns = requireColumns(table, SYSTEM_LOAD_COLUMNS);
    for (const row of table.rows) {
      rows.push({
        row,
        timeColumn: columns.interval_start_utc,
        startMs: timestampCell(row, columns.interval_start_utc),
        mw: numberCell(row, columns.ercot_mw),
      });
    }
  }
  const ordered = orderIntervals(rows);
  return seriesFromIntervals('system_load', 'MW', inferResolutionMs(ordered), ordered, (r) => r.mw);
}
