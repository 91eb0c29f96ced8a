import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadMigrations,
  type Migration,
  migrate,
  PGLITE_MEMORY,
  PgliteDatabase,
  PostgresDatabase,
} from '../../src/adapters/storage/index.ts';
import { SwitchyardError } from '../../src/core/errors/index.ts';
import { createTestDatabase, type TestDatabase } from './postgres-test-database.ts';

interface MigrationRow {
  version: number;
  name: string;
  applied_at: number;
}

const tablesOf = async (db: PgliteDatabase | PostgresDatabase) =>
  (
    await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    )
  ).map((row) => row.table_name);

describe('loadMigrations', () => {
  it('reads the numbered .sql files in version order', () => {
    const migrations = loadMigrations();
    expect(migrations[0]).toMatchObject({ version: 1, name: 'initial' });
    expect(migrations[0]!.sql).toContain('CREATE TABLE sites');
    expect(migrations.map((m) => m.version)).toEqual(
      [...migrations.map((m) => m.version)].sort((a, b) => a - b),
    );
  });
});

describe('migrate on PGlite', () => {
  let db: PgliteDatabase;

  beforeAll(async () => {
    db = await PgliteDatabase.open(PGLITE_MEMORY);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('applies every migration once and records it', async () => {
    expect(await migrate(db, { nowMs: 1_000 })).toEqual({ applied: loadMigrations().map((m) => m.version) });
    expect(await migrate(db, { nowMs: 2_000 })).toEqual({ applied: [] });
    const rows = await db.query<MigrationRow>(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((row) => [Number(row.version), row.name, Number(row.applied_at)])).toEqual(
      loadMigrations().map((m) => [m.version, m.name, 1_000]),
    );
    expect(await tablesOf(db)).toEqual(
      expect.arrayContaining(['sites', 'telemetry_batches', 'setpoint_counters', 'leases']),
    );
  });

  it('rolls a failing migration back entirely and reports SY_ERR_STORAGE_UNAVAILABLE with the cause', async () => {
    const migrations: Migration[] = [
      ...loadMigrations(),
      {
        version: 900,
        name: 'half-good',
        sql: 'CREATE TABLE half_good (id INT); SELECT no_such_column FROM sites;',
      },
    ];
    const error = await migrate(db, { migrations }).catch((e) => e);
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error.code).toBe('SY_ERR_STORAGE_UNAVAILABLE');
    expect(error.message).toContain('migration 0900-half-good failed');
    expect(error.cause).toBeDefined();
    expect(await tablesOf(db)).not.toContain('half_good');
    const versions = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(versions.map((row) => Number(row.version))).not.toContain(900);
  });

  it('refuses a database migrated by a newer build', async () => {
    await db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)");
    await expect(migrate(db)).rejects.toMatchObject({
      code: 'SY_ERR_STORAGE_UNAVAILABLE',
      message: expect.stringContaining('9999'),
    });
    await db.query('DELETE FROM schema_migrations WHERE version = 9999');
  });
});

describe('migrate on PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('lets two replicas starting together apply the migrations exactly once', async () => {
    const replicas = [new PostgresDatabase(database.url), new PostgresDatabase(database.url)];
    try {
      const results = await Promise.all(replicas.map((db) => migrate(db)));
      const all = loadMigrations().map((m) => m.version);
      expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([all, []]);
      const rows = await replicas[0]!.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(rows[0]!.n)).toBe(all.length);
    } finally {
      await Promise.all(replicas.map((db) => db.close()));
    }
  });
});
