export { MemoryMarketplaceRepository } from './memory-marketplace-repository.ts';
export { MemoryStorage, type MemoryStorageOptions } from './memory-storage.ts';
export { loadMigrations, MIGRATIONS_DIR, type MigrateOptions, type Migration, migrate } from './migrate.ts';
export {
  DATABASE_URL_ENV,
  DEFAULT_PGLITE_DIR,
  databaseUrlFromEnv,
  type OpenStorageOptions,
  openStorage,
} from './open-storage.ts';
export { PGLITE_MEMORY, PgliteDatabase } from './pglite-database.ts';
export { PostgresDatabase, type PostgresDatabaseOptions } from './postgres-database.ts';
export type { SqlDatabase, SqlParam } from './sql-database.ts';
export { SqlMarketplaceRepository } from './sql-marketplace-repository.ts';
export { SqlStorage, type SqlStorageOptions } from './sql-storage.ts';
