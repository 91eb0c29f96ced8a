import { resolve } from 'node:path';
import { SwitchyardError } from '../../core/errors/index.ts';
import { migrate } from './migrate.ts';
import { PgliteDatabase } from './pglite-database.ts';
import { PostgresDatabase } from './postgres-database.ts';
import type { SqlDatabase } from './sql-database.ts';
import { SqlStorage } from './sql-storage.ts';

/** Environment variable with the PostgreSQL URL; when unset, Switchyard uses embedded PGlite. */
export const DATABASE_URL_ENV = 'DATABASE_URL';

/** PGlite data directory used when none is given, relative to the working directory. */
export const DEFAULT_PGLITE_DIR = './.switchyard/pgdata';

export interface OpenStorageOptions {
  /** `postgres://user:password@host:port/database`: use PostgreSQL. */
  readonly databaseUrl?: string;
  /** Without `databaseUrl`: the PGlite data directory, or `memory://`. Defaults to `./.switchyard/pgdata`. */
  readonly dataDir?: string;
  /** Clock for the times the storage stamps itself; defaults to Date.now. */
  readonly now?: () => number;
}

/**
 * Opens the control plane's database (PostgreSQL when `databaseUrl` is given, else PGlite at
 * `dataDir`) and applies pending migrations. Fails with SY_ERR_STORAGE_UNAVAILABLE, the driver's
 * error as `cause`, when the database cannot be reached or a migration fails.
 */
export async function openStorage(options: OpenStorageOptions = {}): Promise<SqlStorage> {
  const databaseUrl = nonEmpty(options.databaseUrl);
  let db: SqlDatabase;
  let where: string;
  if (databaseUrl !== undefined) {
    where = describeUrl(databaseUrl);
    db = new PostgresDatabase(databaseUrl);
  } else {
    const dataDir = nonEmpty(options.dataDir) ?? DEFAULT_PGLITE_DIR;
    where = dataDir.startsWith('memory://') ? dataDir : resolve(dataDir);
    db = await PgliteDatabase.open(where);
  }
  try {
    await migrate(db, options.now === undefined ? {} : { nowMs: options.now() });
  } catch (error) {
    await db.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SwitchyardError(
      'SY_ERR_STORAGE_UNAVAILABLE',
      `cannot open the database at ${where}: ${reason}`,
      { database: where },
      { cause: error },
    );
  }
  return new SqlStorage(db, options.now === undefined ? {} : { now: options.now });
}

/** `DATABASE_URL` from the environment (empty counts as unset). */
export function databaseUrlFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  return nonEmpty(env[DATABASE_URL_ENV]);
}

/** host:port/database of a PostgreSQL URL, never its password; fails when it is not one. */
function describeUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new SwitchyardError(
      'SY_ERR_STORAGE_UNAVAILABLE',
      'DATABASE_URL is not a valid URL',
      {},
      { cause: error },
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new SwitchyardError(
      'SY_ERR_STORAGE_UNAVAILABLE',
      `DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//`,
      { protocol: url.protocol },
    );
  }
  return `postgres://${url.host}${url.pathname}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
