import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors/index.ts';
import {
  type CsvTable,
  csvRecords,
  dateCell,
  integerCell,
  nullableNumberCell,
  numberCell,
  parseCsv,
  parseDecimal,
  parseIsoDate,
  parseIsoTimestamp,
  readCsvFile,
  readCsvFileSync,
  readCsvHeaderSync,
  requireColumn,
  requireColumns,
  timestampCell,
} from './csv-reader.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

function dataFileError(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return error as DataFileError;
  }
  throw new Error('expected a DataFileError');
}

async function rejected(promise: Promise<unknown>): Promise<DataFileError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return error as DataFileError;
  }
  throw new Error('expected a DataFileError');
}

describe('csvRecords', () => {
  it('splits plain records and numbers their lines, skipping empty lines', () => {
    const rows = [...csvRecords('a,b\n1,2\n\n3,4\n', 'f.csv')];
    expect(rows.map((row) => [row.line, row.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [4, ['3', '4']],
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and newlines', () => {
    const text = 'name,notes,n\nx,"a, b",1\ny,"say ""hi""",2\nz,"two\nlines, here",3\nw,plain,4\n';
    const rows = [...csvRecords(text, 'f.csv')];
    expect(rows.map((row) => row.cells)).toEqual([
      ['name', 'notes', 'n'],
      ['x', 'a, b', '1'],
      ['y', 'say "hi"', '2'],
      ['z', 'two\nlines, here', '3'],
      ['w', 'plain', '4'],
    ]);
    expect(rows.map((row) => row.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it('accepts CRLF line ends, a BOM, empty fields and a missing final newline', () => {
    const text = '\uFEFFa,b,c\r\n1,,"q"\r\n,"",\r\n"x\r\ny",2,3';
    expect([...csvRecords(text, 'f.csv')].map((row) => row.cells)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', 'q'],
      ['', '', ''],
      ['x\r\ny', '2', '3'],
    ]);
  });

  it('reports an unterminated quoted field at the line it starts', () => {
    const error = dataFileError(() => [...csvRecords('a,b\n1,2\n3,"open\nmore\n', 'f.csv')]);
    expect(error.code).toBe('SY_ERR_DATA_FILE_MALFORMED');
    expect(error.location).toMatchObject({ file: 'f.csv', line: 3, column: 2 });
    expect(error.message).toContain('never closed');
  });

  it('rejects text after a closing quote and a bare quote inside a field', () => {
    expect(dataFileError(() => [...csvRecords('a,b\n"x"y,2\n', 'f.csv')]).location.line).toBe(2);
    const bare = dataFileError(() => [...csvRecords('a,b\n1,x"y\n', 'f.csv')]);
    expect(bare.location).toMatchObject({ line: 2, column: 2 });
  });
});

describe('parseCsv', () => {
  it('separates the trimmed header from the rows', () => {
    const table = parseCsv('a, b\n1,2\n', 'f.csv');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows).toEqual([{ file: 'f.csv', line: 2, cells: ['1', '2'] }]);
  });

  it('rejects an empty file and a row whose cell count differs from the header', () => {
    expect(dataFileError(() => parseCsv('', 'f.csv')).message).toContain('empty');
    const error = dataFileError(() => parseCsv('a,b\n1,2\n1,2,3\n', 'f.csv'));
    expect(error.message).toBe('f.csv:3: expected 2 cells as in the header, found 3');
  });
});

describe('columns and cells', () => {
  const table: CsvTable = parseCsv(
    'when,price,note,day,n\n2023-01-01T06:00:00Z,-2.56,,2024-02-29,3\nyesterday,abc,x,2023-02-29,3.5\n',
    '/data/power/x_2023.csv',
  );
  const [good, bad] = table.rows as [(typeof table.rows)[0], (typeof table.rows)[0]];

  it('finds required columns and names the file and missing column otherwise', () => {
    expect(requireColumn(table, 'price')).toEqual({ name: 'price', index: 1 });
    const error = dataFileError(() => requireColumns(table, ['when', 'volume', 'zone']));
    expect(error.code).toBe('SY_ERR_DATA_FILE_MALFORMED');
    expect(error.message).toContain('/data/power/x_2023.csv');
    expect(error.message).toContain('"volume", "zone"');
    expect(error.location.columnName).toBe('volume, zone');
  });

  it('parses numbers and locates a bad one as file:line:col (column name)', () => {
    const price = requireColumn(table, 'price');
    expect(numberCell(good, price)).toBe(-2.56);
    const error = dataFileError(() => numberCell(bad, price));
    expect(error.message).toBe('/data/power/x_2023.csv:3:2 (column price): "abc" is not a number');
    expect(error.location).toEqual({
      file: '/data/power/x_2023.csv',
      line: 3,
      column: 2,
      columnName: 'price',
    });
  });

  it('reads an empty cell as null only where a nullable number is asked for', () => {
    const note = requireColumn(table, 'note');
    expect(nullableNumberCell(good, note)).toBeNull();
    expect(dataFileError(() => numberCell(good, note)).message).toContain('empty');
    expect(dataFileError(() => nullableNumberCell(bad, note)).message).toContain('"x" is not a number');
  });

  it('parses whole numbers', () => {
    const n = requireColumn(table, 'n');
    expect(integerCell(good, n)).toBe(3);
    expect(dataFileError(() => integerCell(bad, n)).message).toContain('not a whole number');
  });

  it('parses ISO UTC timestamps and names the cell of a bad one', () => {
    const when = requireColumn(table, 'when');
    expect(timestampCell(good, when)).toBe(Date.UTC(2023, 0, 1, 6));
    const error = dataFileError(() => timestampCell(bad, when));
    expect(error.message).toContain(':3:1 (column when): "yesterday" is not an ISO-8601 UTC timestamp');
  });

  it('parses dates, rejecting days that do not exist', () => {
    const day = requireColumn(table, 'day');
    expect(dateCell(good, day)).toBe('2024-02-29');
    expect(dataFileError(() => dateCell(bad, day)).message).toContain('"2023-02-29" is not a date');
  });
});

describe('value parsers', () => {
  it('parseDecimal accepts plain decimals only', () => {
    expect(parseDecimal('86388558925171.3')).toBe(86388558925171.3);
    expect(parseDecimal('2.4000000000000004')).toBe(2.4000000000000004);
    expect(parseDecimal('1e-3')).toBe(0.001);
    expect(parseDecimal('+5')).toBe(5);
    for (const text of ['', ' ', ' 1', '0x10', 'NaN', 'Infinity', '1e999', '1,5', '1.2.3', '-', 'e5']) {
      expect(parseDecimal(text)).toBeUndefined();
    }
  });

  it('parseIsoTimestamp takes Z stamps fast and explicit offsets via Date.parse', () => {
    expect(parseIsoTimestamp('2024-02-29T23:45:00Z')).toBe(Date.UTC(2024, 1, 29, 23, 45));
    expect(parseIsoTimestamp('2023-01-01T06:00:00.500Z')).toBe(Date.UTC(2023, 0, 1, 6, 0, 0, 500));
    expect(parseIsoTimestamp('2023-01-01T00:00:00-06:00')).toBe(Date.UTC(2023, 0, 1, 6));
    expect(parseIsoTimestamp('2023-01-01T06:00Z')).toBe(Date.UTC(2023, 0, 1, 6));
    for (const text of [
      '2023-01-01T06:00:00',
      '2023-01-01 06:00:00Z',
      '2023-02-29T00:00:00Z',
      '2023-01-01T24:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-1-01T00:00:00Z',
      '',
    ]) {
      expect(parseIsoTimestamp(text), text).toBeUndefined();
    }
  });

  it('parseIsoDate returns the start of the UTC day', () => {
    expect(parseIsoDate('2024-04-20')).toBe(Date.UTC(2024, 3, 20));
    expect(parseIsoDate('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseIsoDate('1900-02-29')).toBeUndefined();
    expect(parseIsoDate('2024-04-31')).toBeUndefined();
    expect(parseIsoDate('2024/04/20')).toBeUndefined();
  });
});

describe('reading files', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await temp.remove();
  });

  it('reads a file asynchronously and synchronously', async () => {
    const file = await temp.write('ok.csv', 'a,b\n1,"x,y"\n');
    expect((await readCsvFile(file)).rows[0]!.cells).toEqual(['1', 'x,y']);
    expect(readCsvFileSync(file).file).toBe(file);
  });

  it('reads only the header line', async () => {
    const file = await temp.write('header.csv', `interval_start_utc,price_cad_mwh\n${'x,1\n'.repeat(5000)}`);
    expect(readCsvHeaderSync(file)).toEqual(['interval_start_utc', 'price_cad_mwh']);
  });

  it('throws SY_ERR_DATA_FILE_MISSING naming the path of a missing file', async () => {
    const missing = join(temp.path, 'nope', 'btc_daily.csv');
    const error = await rejected(readCsvFile(missing));
    expect(error.code).toBe('SY_ERR_DATA_FILE_MISSING');
    expect(error.message).toBe(`${missing}: file not found`);
    expect(dataFileError(() => readCsvFileSync(missing)).code).toBe('SY_ERR_DATA_FILE_MISSING');
    expect(dataFileError(() => readCsvHeaderSync(missing)).code).toBe('SY_ERR_DATA_FILE_MISSING');
  });
});
