import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DataFileError } from '../../core/errors/index.ts';

/** One CSV record. `line` is the 1-based line the record starts on (a quoted newline makes a record span lines). */
export interface CsvRow {
  readonly file: string;
  readonly line: number;
  readonly cells: readonly string[];
}

/** A parsed CSV file: the header's column names (trimmed) and every data record. */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** A header column: its name and 0-based position in each row's cells. */
export interface CsvColumn {
  readonly name: string;
  readonly index: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Yields the records of RFC-4180 CSV text: fields separated by commas, optionally double-quoted; a quoted
 * field may hold commas, newlines and doubled quotes (`""`). LF and CRLF line ends and a leading BOM are
 * accepted; empty lines are skipped. Lines without a quote take a fast path (a plain `split`).
 */
export function* csvRecords(text: string, file: string): Generator<CsvRow> {
  const length = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let nextQuote = -1;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = length;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
    if (nextQuote !== Number.POSITIVE_INFINITY && nextQuote < pos) {
      const found = text.indexOf('"', pos);
      nextQuote = found === -1 ? Number.POSITIVE_INFINITY : found;
    }
    if (nextQuote >= lineEnd) {
      if (lineEnd > pos) yield { file, line, cells: text.slice(pos, lineEnd).split(',') };
      pos = end + 1;
      line++;
      continue;
    }
    const record = parseQuotedRecord(text, pos, file, line);
    yield { file, line, cells: record.cells };
    for (let i = pos; i < record.next; i++) if (text.charCodeAt(i) === LF) line++;
    pos = record.next;
  }
}

/** Slow path: parses one record that contains at least one quote, starting at `start`. */
function parseQuotedRecord(
  text: string,
  start: number,
  file: string,
  startLine: number,
): { cells: string[]; next: number } {
  const length = text.length;
  const cells: string[] = [];
  let i = start;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let segment = i + 1;
      for (;;) {
        const close = text.indexOf('"', segment);
        if (close === -1) {
          throw new DataFileError(
            'SY_ERR_DATA_FILE_MALFORMED',
            { file, line: startLine, column: cells.length + 1 },
            'quoted field is never closed (missing ")',
          );
        }
        value += text.slice(segment, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          segment = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      cells.push(value);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (i >= length) return { cells, next: length };
      if (c === LF) return { cells, next: i + 1 };
      if (c === CR && (i + 1 >= length || text.charCodeAt(i + 1) === LF))
        return { cells, next: Math.min(i + 2, length) };
      throw new DataFileError(
        'SY_ERR_DATA_FILE_MALFORMED',
        { file, line: lineOf(text, start, i, startLine), column: cells.length },
        `unexpected text after a closing quote (a quote inside a field must be doubled: "")`,
      );
    }
    let j = i;
    while (j < length) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === LF) break;
      if (c === QUOTE) {
        throw new DataFileError(
          'SY_ERR_DATA_FILE_MALFORMED',
          { file, line: lineOf(text, start, j, startLine), column: cells.length + 1 },
          'a quote inside an unquoted field (quote the whole field and double the inner quote)',
        );
      }
      j++;
    }
    const fieldEnd =
      j > i && text.charCodeAt(j - 1) === CR && (j === length || text.charCodeAt(j) === LF) ? j - 1 : j;
    cells.push(text.slice(i, fieldEnd));
    if (j < length && text.charCodeAt(j) === COMMA) {
      i = j + 1;
      continue;
    }
    return { cells, next: Math.min(j + 1, length) };
  }
}

function lineOf(text: string, from: number, to: number, startLine: number): number {
  let line = startLine;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === LF) line++;
  return line;
}

/** Parses CSV text whose first record is the header. Every data row must have as many cells as the header. */
export function parseCsv(text: string, file: string): CsvTable {
  const records = csvRecords(text, file);
  const first = records.next();
  if (first.done) {
    throw new DataFileError(
      'SY_ERR_DATA_FILE_MALFORMED',
      { file, line: 1 },
      'file is empty (expected a header row)',
    );
  }
  const header = first.value.cells.map((name) => name.trim());
  const rows: CsvRow[] = [];
  for (const row of records) {
    if (row.cells.length !== header.length) {
      throw new DataFileError(
        'SY_ERR_DATA_FILE_MALFORMED',
        { file, line: row.line },
        `expected ${header.length} cells as in the header, found ${row.cells.length}`,
      );
    }
    rows.push(row);
  }
  return { file, header, rows };
}

/** Reads and parses a CSV file. A missing file throws SY_ERR_DATA_FILE_MISSING naming the path. */
export async function readCsvFile(path: string): Promise<CsvTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileReadError(path, error);
  }
  return parseCsv(text, path);
}

/** Synchronous `readCsvFile`, for data read lazily behind the synchronous MarketData port. */
export function readCsvFileSync(path: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fileReadError(path, error);
  }
  return parseCsv(text, path);
}

/** Reads only the header row of a CSV file (the first line), without reading the rest. */
export function readCsvHeaderSync(path: string): readonly string[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw fileReadError(path, error);
  }
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(4096);
    for (let total = 0; total < 1 << 20; ) {
      const read = readSync(fd, chunk, 0, chunk.length, total);
      if (read === 0) break;
      const part = Buffer.from(chunk.subarray(0, read));
      chunks.push(part);
      total += read;
      if (part.includes(LF)) break;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const newline = text.indexOf('\n');
    return parseCsv(newline === -1 ? text : text.slice(0, newline), path).header;
  } finally {
    closeSync(fd);
  }
}

/** Maps a file-system error to SY_ERR_DATA_FILE_MISSING naming the path. */
export function fileReadError(path: string, error: unknown): DataFileError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const problem =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'file not found'
      : `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new DataFileError('SY_ERR_DATA_FILE_MISSING', { file: path }, problem, { cause: error });
}

/** The column named `name`, or undefined. */
export function findColumn(table: CsvTable, name: string): CsvColumn | undefined {
  const index = table.header.indexOf(name);
  return index === -1 ? undefined : { name, index };
}

/** The column named `name`; throws SY_ERR_DATA_FILE_MALFORMED naming the file and the missing column. */
export function requireColumn(table: CsvTable, name: string): CsvColumn {
  const column = findColumn(table, name);
  if (!column) throw missingColumnError(table, [name]);
  return column;
}

/** Every named column; one error lists all missing ones. */
export function requireColumns<const Names extends readonly string[]>(
  table: CsvTable,
  names: Names,
): { readonly [K in Names[number]]: CsvColumn } {
  const found: Record<string, CsvColumn> = {};
  const missing: string[] = [];
  for (const name of names) {
    const column = findColumn(table, name);
    if (column) found[name] = column;
    else missing.push(name);
  }
  if (missing.length > 0) throw missingColumnError(table, missing);
  return found as { readonly [K in Names[number]]: CsvColumn };
}

function missingColumnError(table: CsvTable, missing: readonly string[]): DataFileError {
  const plural = missing.length === 1 ? 'column' : 'columns';
  return new DataFileError(
    'SY_ERR_DATA_FILE_MALFORMED',
    { file: table.file, line: 1, columnName: missing.join(', ') },
    `header lacks required ${plural} ${missing.map((m) => `"${m}"`).join(', ')} (header is: ${table.header.join(',')})`,
  );
}

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

/** Parses a plain decimal number; undefined for anything else (empty, blanks, hex, NaN, Infinity). */
export function parseDecimal(text: string): number | undefined {
  if (text === '') return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // digits, '.', '-', '+', 'e', 'E'
    if ((c < 48 || c > 57) && c !== 46 && c !== 45 && c !== 43 && c !== 101 && c !== 69) return undefined;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Start of a `YYYY-MM-DD` UTC day in epoch ms, or undefined when the text is not a real date. */
export function parseIsoDate(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day);
}

const TIMESTAMP_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch ms of an ISO-8601 instant with an explicit offset. `YYYY-MM-DDTHH:MM:SSZ` takes a fast digit-by-digit
 * path; other forms (fractional seconds, `+00:00`) go through `Date.parse`. A timestamp without an offset is
 * rejected: it would be local time of an unknown zone.
 */
export function parseIsoTimestamp(text: string): number | undefined {
  if (text.length === 20 && text.charCodeAt(19) === 90 /* Z */) {
    if (
      text.charCodeAt(4) !== 45 ||
      text.charCodeAt(7) !== 45 ||
      text.charCodeAt(10) !== 84 /* T */ ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58
    ) {
      return undefined;
    }
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  if (!TIMESTAMP_WITH_OFFSET.test(text) || parseIsoDate(text.slice(0, 10)) === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Decimal value of `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
