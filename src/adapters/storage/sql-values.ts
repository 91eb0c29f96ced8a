/** Helpers for reading rows: `pg` and PGlite differ in how they return BIGINT and NUMERIC. */

/** A numeric column (BIGINT, INTEGER, DOUBLE PRECISION, NUMERIC) as a number. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A nullable numeric column: null stays null. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

/** `{ [key]: value }` when the column is not null, else `{}`: spread into a record so absent stays absent. */
export function present<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A JSONB parameter: the value as JSON text, to be cast with `$n::jsonb`. */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value);
}
