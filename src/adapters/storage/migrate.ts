import { readdirSync, readFileSync } from 'node:fs';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { SqlDatabase } from './sql-database.ts';

/** One schema change: `migrations/NNNN-name.sql`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Key of the advisory lock that serialises replicas migrating the same database at once. */
const MIGRATION_LOCK_KEY = 7_305_301_001;
const FILE_NAME = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/** The migration files in `dir`, in version order. */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((entry) => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match![1]),
      name: match![2]!,
      sql: readFileSync(new URL(file, dir), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new SwitchyardError('SY_ERR_INTERNAL', `two migrations share version ${migrations[i]!.version}`);
    }
  }
  return migrations;
}

export interface MigrateOptions {
  readonly migrations?: readonly Migration[];
  /** Recorded as `applied_at` (epoch ms). */
  readonly nowMs?: number;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, all in one
 * transaction under an advisory lock: a replica starting at the same moment waits, then finds them
 * applied. Returns the versions applied by this call. Any failure rolls everything back and is
 * reported as SY_ERR_STORAGE_UNAVAILABLE.
 */
export async function migrate(db: SqlDatabase, options: MigrateOptions = {}): Promise<{ applied: number[] }> {
  const migrations = options.migrations ?? loadMigrations();
  const nowMs = options.nowMs ?? Date.now();
  let current: Migration | undefined;
  try {
    return await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      await tx.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version    INTEGER PRIMARY KEY,
           name       TEXT NOT NULL,
           applied_at BIGINT NOT NULL
         )`,
      );
      const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((row) => Number(row.version)));
      const known = new Set(migrations.map((migration) => migration.version));
      const unknown = [...done].filter((version) => !known.has(version));
      if (unknown.length > 0) {
        throw new SwitchyardError(
          'SY_ERR_STORAGE_UNAVAILABLE',
          `the database has schema version(s) ${unknown.join(', ')} that this build does not know; upgrade Switchyard`,
          { unknownVersions: unknown },
        );
      }
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        current = migration;
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          nowMs,
        ]);
        applied.push(migration.version);
      }
      current = undefined;
      return { applied };
    });
  } catch (error) {
    if (error instanceof SwitchyardError && error.code === 'SY_ERR_STORAGE_UNAVAILABLE') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const which = current === undefined ? 'schema migration' : `migration ${migrationLabel(current)}`;
    throw new SwitchyardError(
      'SY_ERR_STORAGE_UNAVAILABLE',
      `${which} failed: ${reason}`,
      current === undefined ? {} : { version: current.version, name: current.name },
      { cause: error },
    );
  }
}

function migrationLabel(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}-${migration.name}`;
}
