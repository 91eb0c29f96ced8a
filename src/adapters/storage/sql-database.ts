/** A scalar bound to a `$n` placeholder. */
export type SqlScalar = string | number | boolean | null;

/**
 * A value bound to a `$n` placeholder: a scalar, or an array of scalars cast in SQL to a
 * PostgreSQL array (`$1::text[]`, for `unnest`). Documents go in as JSON text (`JSON.stringify`)
 * cast with `::jsonb`.
 */
export type SqlParam = SqlScalar | readonly SqlScalar[];

/**
 * The little of a PostgreSQL client the repositories need, so that one SQL text runs on both
 * PostgreSQL (`pg`) and PGlite. Errors raised by the driver arrive as SwitchyardErrors
 * (see `storage-error.ts`); errors thrown by a `transaction` callback pass through unchanged.
 */
export interface SqlDatabase {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in a transaction on one connection: committed when it resolves, rolled back when it
   * throws. Called on a database that is already in a transaction, it opens a savepoint instead.
   */
  transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T>;
  /** Closes the connection(s). A no-op on the database handed to a transaction callback. */
  close(): Promise<void>;
}
