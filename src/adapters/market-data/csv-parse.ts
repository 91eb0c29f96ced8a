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
