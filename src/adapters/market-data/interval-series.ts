import { TimeSeries } from '../../core/market/index.ts';
import { type CsvColumn, type CsvRow, cellError } from './csv-reader.ts';

/** A CSV row stamped with the start of its interval; `timeColumn` locates errors about the timestamp. */
export interface IntervalRow {
  readonly row: CsvRow;
  readonly timeColumn: CsvColumn;
  readonly startMs: number;
}

const MINUTE_MS = 60_000;

/** Resolutions a series file may have: the smallest step between consecutive rows must be one of these. */
export const supportedResolutionsMs: readonly number[] = [5, 15, 30, 60].map(
  (minutes) => minutes * MINUTE_MS,
);

/**
 * Checks that rows are in strictly increasing time order (a repeat or a step back names the line).
 * With `sortIfUnordered`, rows out of order are sorted instead (used for TMY files, whose months come from
 * different years); repeated timestamps are still an error.
 */
export function orderIntervals<T extends IntervalRow>(
  rows: readonly T[],
  sortIfUnordered = false,
): readonly T[] {
  let ordered = true;
  for (let i = 1; i < rows.length; i++) {
    const previous = rows[i - 1]!;
    const current = rows[i]!;
    if (current.startMs > previous.startMs) continue;
    if (current.startMs === previous.startMs || !sortIfUnordered) throw orderError(previous, current);
    ordered = false;
  }
  if (ordered) return rows;
  const sorted = [...rows].sort((a, b) => a.startMs - b.startMs);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.startMs === sorted[i - 1]!.startMs) throw orderError(sorted[i - 1]!, sorted[i]!);
  }
  return sorted;
}

function orderError(previous: IntervalRow, current: IntervalRow): Error {
  const where = previous.row.file === current.row.file ? `line ${previous.row.line}` : previous.row.file;
  const text = new Date(current.startMs).toISOString();
  const problem =
    current.startMs === previous.startMs
      ? `interval ${text} appears twice (also at ${where})`
      : `interval ${text} is not after the previous row's (${where}); rows must be in time order`;
  return cellError(current.row, current.timeColumn, problem);
}

/**
 * The series resolution: the smallest step between consecutive (ordered) rows. It must be a supported
 * resolution, and every step must be a whole number of it (so each row sits on the grid).
 */
export function inferResolutionMs(rows: readonly IntervalRow[]): number {
  const first = rows[0];
  if (!first) throw new Error('inferResolutionMs: no rows');
  if (rows.length < 2) {
    throw cellError(first.row, first.timeColumn, 'a series needs at least 2 rows to infer its resolution');
  }
  let smallest = Number.POSITIVE_INFINITY;
  let at = rows[1]!;
  for (let i = 1; i < rows.length; i++) {
    const step = rows[i]!.startMs - rows[i - 1]!.startMs;
    if (step < smallest) {
      smallest = step;
      at = rows[i]!;
    }
  }
  if (!supportedResolutionsMs.includes(smallest)) {
    throw cellError(
      at.row,
      at.timeColumn,
      `the smallest step between rows is ${formatMinutes(smallest)}; supported resolutions are ` +
        `${supportedResolutionsMs.map(formatMinutes).join(', ')}`,
    );
  }
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if ((row.startMs - first.startMs) % smallest !== 0) {
      throw cellError(
        row.row,
        row.timeColumn,
        `${new Date(row.startMs).toISOString()} is off the ${formatMinutes(smallest)} grid of the series`,
      );
    }
  }
  return smallest;
}

/**
 * A TimeSeries of ordered, on-grid rows. Rows whose value is null (an empty cell) and intervals with no row
 * at all become gaps: nothing is filled.
 */
export function seriesFromIntervals<T extends IntervalRow>(
  id: string,
  unit: string,
  resolutionMs: number,
  rows: readonly T[],
  value: (row: T) => number | null,
): TimeSeries {
  const points: { startMs: number; value: number }[] = [];
  for (const row of rows) {
    const v = value(row);
    if (v !== null) points.push({ startMs: row.startMs, value: v });
  }
  return TimeSeries.fromPoints(id, unit, resolutionMs, points);
}

function formatMinutes(ms: number): string {
  return ms % MINUTE_MS === 0 ? `${ms / MINUTE_MS} min` : `${ms / 1000} s`;
}
