import { DataFileError } from '../../core/errors/index.ts';
import type { CsvColumn } from './csv-columns.ts';
import type { CsvRow } from './csv-parse.ts';
import { parseDecimal, parseIsoDate, parseIsoTimestamp } from './csv-values.ts';

/** An error located at one cell: `file:line:col (column name): problem`. */
export function cellError(row: CsvRow, column: CsvColumn, problem: string): DataFileError {
  return new DataFileError(
    'SY_ERR_DATA_FILE_MALFORMED',
    { file: row.file, line: row.line, column: column.index + 1, columnName: column.name },
    problem,
  );
}

/** The raw text of a cell. */
export function textCell(row: CsvRow, column: CsvColumn): string {
  return row.cells[column.index] ?? '';
}

/** A non-empty text cell. */
export function requiredTextCell(row: CsvRow, column: CsvColumn): string {
  const text = textCell(row, column);
  if (text.trim() === '') throw cellError(row, column, 'cell is empty but a value is required');
  return text;
}

/** A required finite decimal number (`-2.56`, `1e-3`); no blanks, hex, `NaN` or `Infinity`. */
export function numberCell(row: CsvRow, column: CsvColumn): number {
  const text = textCell(row, column);
  if (text === '') throw cellError(row, column, 'cell is empty but a number is required');
  const value = parseDecimal(text);
  if (value === undefined) throw cellError(row, column, `"${text}" is not a number`);
  return value;
}

/** A number, or null for an empty cell (empty = unknown, never zero). */
export function nullableNumberCell(row: CsvRow, column: CsvColumn): number | null {
  const text = textCell(row, column);
  if (text === '') return null;
  const value = parseDecimal(text);
  if (value === undefined) throw cellError(row, column, `"${text}" is not a number`);
  return value;
}

/** A required whole number. */
export function integerCell(row: CsvRow, column: CsvColumn): number {
  const value = numberCell(row, column);
  if (!Number.isInteger(value))
    throw cellError(row, column, `"${textCell(row, column)}" is not a whole number`);
  return value;
}

/** An ISO-8601 instant with an explicit UTC offset (`2023-01-01T06:00:00Z`), as epoch milliseconds. */
export function timestampCell(row: CsvRow, column: CsvColumn): number {
  const text = textCell(row, column);
  const ms = parseIsoTimestamp(text);
  if (ms === undefined) {
    throw cellError(
      row,
      column,
      `"${text}" is not an ISO-8601 UTC timestamp (expected e.g. 2023-01-01T06:00:00Z)`,
    );
  }
  return ms;
}

/** A calendar date `YYYY-MM-DD`, returned as written. */
export function dateCell(row: CsvRow, column: CsvColumn): string {
  const text = textCell(row, column);
  if (parseIsoDate(text) === undefined)
    throw cellError(row, column, `"${text}" is not a date (expected YYYY-MM-DD)`);
  return text;
}
