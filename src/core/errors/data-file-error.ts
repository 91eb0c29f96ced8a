import type { ErrorCode } from './error-codes.ts';
import { SwitchyardError } from './switchyard-error.ts';

/** Where in a data file a problem was found. Lines and columns are 1-based, as editors show them. */
export interface DataFileLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly columnName?: string;
}

/** A market-data file is missing or malformed; the message names file, line and column. */
export class DataFileError extends SwitchyardError {
  readonly location: DataFileLocation;

  constructor(code: ErrorCode, location: DataFileLocation, problem: string, options?: ErrorOptions) {
    super(code, `${formatLocation(location)}: ${problem}`, { ...location, problem }, options);
    this.name = 'DataFileError';
    this.location = location;
  }
}

function formatLocation(location: DataFileLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.column !== undefined) text += `:${location.column}`;
  if (location.columnName !== undefined) text += ` (column ${location.columnName})`;
  return text;
}
