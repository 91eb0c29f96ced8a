import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
  readonly #dataDir: string | undefined;

  private constructor(db: PGlite, dataDir: string | undefined) {
    this.#db = db;
    this.#dataDir = dataDir;
  }

  static async open(dataDir: string): Promise<PgliteDatabase> {
    try {
      const onDisk = !dataDir.startsWith('memory://');
      if (onDisk) {
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        ownerOnly(dataDir);
      }
      const db = await PGlite.create({ dataDir });
      if (onDisk) ownerOnly(dataDir);
      return new PgliteDatabase(db, onDisk ? dataDir : undefined);
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
    if (this.#dataDir !== undefined) ownerOnly(this.#dataDir);
  }
}

/**
 * Makes a data directory owner-only: the directory and every directory in it 0700, every file
 * 0600. PGlite's file system creates files 0666 whatever the umask; the 0700 directory keeps files
 * made between open and close out of reach, and open and close tighten them.
 */
function ownerOnly(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) ownerOnly(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}
