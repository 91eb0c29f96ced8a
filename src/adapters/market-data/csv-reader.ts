import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DataFileError } from '../../core/errors/index.ts';
import { type CsvTable, parseCsv } from './csv-parse.ts';

export {
  cellError,
  dateCell,
  integerCell,
  nullableNumberCell,
  numberCell,
  requiredTextCell,
  textCell,
  timestampCell,
} from './csv-cells.ts';
export { type CsvColumn, findColumn, requireColumn, requireColumns } from './csv-columns.ts';
export { type CsvRow, type CsvTable, csvRecords, parseCsv } from './csv-parse.ts';
export { parseDecimal, parseIsoDate, parseIsoTimestamp } from './csv-values.ts';

const LF = 10;

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
