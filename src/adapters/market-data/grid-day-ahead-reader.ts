import type { CsvColumn, CsvTable } from './csv-reader.ts';
import { nullableNumberCell, requireColumn, timestampCell } from './csv-reader.ts';
import {
  type IntervalRow,
  inferResolutionMs,
  orderIntervals,
  seriesFromIntervals,
} from './interval-series.ts';
import type { PowerPriceSeries } from './power-price-reader.ts';

/**
 * ERCOT's hourly day-ahead settlement point prices of every hub and load zone in one wide file
 * (grid/README.md, file 5): `interval_start_utc` and one `<point>_usd_per_mwh` column per
 * settlement point. Each column is a price series `ercot_da_<point>` (`hb_north_usd_per_mwh` ->
 * `ercot_da_hb_north`), USD/MWh.
 */
export const GRID_DAY_AHEAD_FILE = 'grid/ercot_dam_spp_hubs_zones_hourly_2023_2024.csv';

const COLUMN = /^((?:hb|lz)_[a-z]+)_usd_per_mwh$/;

/** Series id -> column, from the wide file's header. */
export function dayAheadColumns(header: readonly string[]): Map<string, CsvColumn> {
  const out = new Map<string, CsvColumn>();
  header.forEach((name, index) => {
    const match = COLUMN.exec(name);
    if (match) out.set(`ercot_da_${match[1]}`, { name, index });
  });
  return out;
}

interface PriceRow extends IntervalRow {
  readonly price: number | null;
}

/** One settlement point's column as a power-price series (empty cells are gaps). */
export function dayAheadSeriesFromCsv(id: string, table: CsvTable, column: CsvColumn): PowerPriceSeries {
  const timeColumn = requireColumn(table, 'interval_start_utc');
  const rows: PriceRow[] = table.rows.map((row) => ({
    row,
    timeColumn,
    startMs: timestampCell(row, timeColumn),
    price: nullableNumberCell(row, column),
  }));
  const ordered = orderIntervals(rows);
  const series = seriesFromIntervals(id, 'USD/MWh', inferResolutionMs(ordered), ordered, (row) => row.price);
  return { id, currency: 'USD', series, gaps: series.gaps, files: [table.file] };
}
