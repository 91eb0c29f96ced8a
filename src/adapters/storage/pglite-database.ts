import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { SwitchyardError } from '../../core/errors/index.ts';
import { SavepointDatabase } from './savepoint-database.ts';
import type { SqlDatabase, SqlParam } from './sql-database.ts';
import { toStorageError } from './storage-error.ts';

/** PGlite data directory that keeps everything in memory (tests). */
export const PGLITE_MEMORY = 'memory://';

/**
 * Embedded PostgreSQL (PGlite, WASM) in this process: one connection, so statements and
 * transactions run one at a time. `dataDir` is a directory (created if missing) that persists
 * between runs, or `memory://`. Only one process may open a data directory at a time.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly #db: PGlite;

  private constructor(db: PGlite) {
    this.#db = db;
  }

  static async open(dataDir: string): Promise<PgliteDatabase> {
    try {
      if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
      return new PgliteDatabase(await PGlite.create({ dataDir }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SwitchyardError(
        'SY_ERR_STORAGE_UNAVAILABLE',
        `cannot open the PGlite database at ${dataDir}: ${reason}`,
        { dataDir },
        { cause: error },
      );
    }
  }

  async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    try {
      return (await this.#db.query<T>(sql, [...params])).rows;
    } catch (error) {
      throw toStorageError(error, 'query');
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.#db.exec(sql);
    } catch (error) {
      throw toStorageError(error, 'exec');
    }
  }

  async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
    let failure: { error: unknown } | undefined;
    try {
      return await this.#db.transaction(async (tx) => {
        try {
          return await work(
            new SavepointDatabase({
              query: async <R>(sql: string, params: readonly SqlParam[]) =>
                (await tx.query<R>(sql, [...params])).rows,
              exec: async (sql: string) => {
                await tx.exec(sql);
              },
            }),
          );
        } catch (error) {
          failure = { error };
          throw error;
        }
      });
    } catch (error) {
      if (failure !== undefined && failure.error === error) throw error;
      throw toStorageError(error, 'transaction');
    }
  }

  async close(): Promise<void> {
    if (!this.#db.closed) await this.#db.close();
  }
}
