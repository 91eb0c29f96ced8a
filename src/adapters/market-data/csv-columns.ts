import { DataFileError } from '../../core/errors/index.ts';
import type { CsvTable } from './csv-parse.ts';

/** A header column: its name and 0-based position in each row's cells. */
export interface CsvColumn {
  readonly name: string;
  readonly index: number;
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
