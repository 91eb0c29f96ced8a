import pg from 'pg';
import { SavepointDatabase } from './savepoint-database.ts';
import type { SqlDatabase, SqlParam } from './sql-database.ts';
import { toStorageError } from './storage-error.ts';

const INT8_OID = 20;

/** BIGINT columns (epoch ms, cents, counts) come back as numbers, as PGlite returns them. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface PostgresDatabaseOptions {
  /** Most connections the pool opens. */
  readonly maxConnections?: number;
  /** How long to wait for a connection before failing with SY_ERR_STORAGE_UNAVAILABLE. */
  readonly connectTimeoutMs?: number;
}

/** PostgreSQL through a `pg.Pool`; each transaction runs on one pooled client. */
export class PostgresDatabase implements SqlDatabase {
  readonly #pool: pg.Pool;
  #closed = false;

  constructor(databaseUrl: string, options: PostgresDatabaseOptions = {}) {
    this.#pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types,
    });
    // An idle client losing its connection (server restart) must not crash the process; the next
    // statement fails with SY_ERR_STORAGE_UNAVAILABLE instead.
    this.#pool.on('error', () => {});
  }

  async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    try {
      return (await this.#pool.query(sql, [...params])).rows as T[];
    } catch (error) {
      throw toStorageError(error, 'query');
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.#pool.query(sql);
    } catch (error) {
      throw toStorageError(error, 'exec');
    }
  }

  async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toStorageError(error, 'connect');
    }
    let broken: Error | undefined;
    try {
      await this.#run(client, 'BEGIN');
      let result: T;
      try {
        result = await work(
          new SavepointDatabase({
            query: async <R>(sql: string, params: readonly SqlParam[]) =>
              (await client.query(sql, [...params])).rows as R[],
            exec: async (sql: string) => {
              await client.query(sql);
            },
          }),
        );
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      }
      await this.#run(client, 'COMMIT');
      return result;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async #run(client: pg.PoolClient, statement: string): Promise<void> {
    try {
      await client.query(statement);
    } catch (error) {
      throw toStorageError(error, statement);
    }
  }
}
