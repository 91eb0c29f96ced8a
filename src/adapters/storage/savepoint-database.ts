import type { SqlDatabase, SqlParam } from './sql-database.ts';
import { toStorageError } from './storage-error.ts';

/** The raw statements of one driver connection that is inside a transaction. */
export interface TransactionConnection {
  query<T>(sql: string, params: readonly SqlParam[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

/**
 * The SqlDatabase handed to a transaction callback: every statement runs on the transaction's one
 * connection, and a nested `transaction` is a savepoint (rolled back alone when its callback throws).
 * Nested transactions started side by side on the same object run one after the other, since
 * savepoints on one connection nest rather than interleave.
 */
export class SavepointDatabase implements SqlDatabase {
  readonly #connection: TransactionConnection;
  readonly #depth: number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(connection: TransactionConnection, depth = 0) {
    this.#connection = connection;
    this.#depth = depth;
  }

  async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    try {
      return await this.#connection.query<T>(sql, params);
    } catch (error) {
      throw toStorageError(error, 'query');
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.#connection.exec(sql);
    } catch (error) {
      throw toStorageError(error, 'exec');
    }
  }

  transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => this.#savepoint(work));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {}

  async #savepoint<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
    const name = `switchyard_sp_${this.#depth + 1}`;
    await this.query(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await work(new SavepointDatabase(this.#connection, this.#depth + 1));
    } catch (error) {
      await this.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
    await this.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  }
}
