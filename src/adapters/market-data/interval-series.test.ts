import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors/index.ts';
import type { CsvColumn } from './csv-reader.ts';
import {
  type IntervalRow,
  inferResolutionMs,
  orderIntervals,
  seriesFromIntervals,
} from './interval-series.ts';

const timeColumn: CsvColumn = { name: 'interval_start_utc', index: 0 };
const HOUR = 3_600_000;

function rows(...hours: number[]): IntervalRow[] {
  return hours.map((h, i) => ({
    row: { file: 'f.csv', line: i + 2, cells: [] },
    timeColumn,
    startMs: h * HOUR,
  }));
}

describe('orderIntervals', () => {
  it('returns ordered rows as they are and rejects disorder unless asked to sort', () => {
    const ordered = rows(0, 1, 2);
    expect(orderIntervals(ordered)).toBe(ordered);
    expect(() => orderIntervals(rows(0, 2, 1))).toThrow(/f\.csv:4:1 .*not after.*line 3/);
    expect(orderIntervals(rows(0, 2, 1), true).map((r) => r.row.line)).toEqual([2, 4, 3]);
  });

  it('rejects a repeated interval in either mode', () => {
    expect(() => orderIntervals(rows(0, 1, 1))).toThrow(DataFileError);
    expect(() => orderIntervals(rows(1, 0, 1), true)).toThrow(/appears twice/);
  });
});

describe('inferResolutionMs', () => {
  it('takes the smallest step', () => {
    expect(inferResolutionMs(rows(0, 1, 5, 6))).toBe(HOUR);
    expect(inferResolutionMs(rows(0, 0.25, 0.5, 2))).toBe(HOUR / 4);
  });

  it('rejects a single row, unsupported steps and off-grid rows', () => {
    expect(() => inferResolutionMs(rows(0))).toThrow(/at least 2 rows/);
    expect(() => inferResolutionMs(rows(0, 2, 4))).toThrow(/smallest step between rows is 120 min/);
    expect(() => inferResolutionMs(rows(0, 0.5, 1.25))).toThrow(/f\.csv:4:1 .*off the 30 min grid/);
  });
});

describe('seriesFromIntervals', () => {
  it('turns null values and missing rows into gaps', () => {
    const input = rows(0, 1, 2, 4);
    const values = new Map([
      [2, 10],
      [3, null],
      [4, 12],
      [5, 14],
    ]);
    const series = seriesFromIntervals('s', 'USD/MWh', HOUR, input, (r) => values.get(r.row.line) ?? null);
    expect(series.gaps).toEqual([
      { fromMs: HOUR, intervals: 1 },
      { fromMs: 3 * HOUR, intervals: 1 },
    ]);
    expect(series.at(0)).toBe(10);
    expect(series.at(HOUR)).toBeUndefined();
    expect(series.at(4 * HOUR)).toBe(14);
  });
});
