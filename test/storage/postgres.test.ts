import { openStorage } from '../../src/adapters/storage/index.ts';
import { runStorageContract } from '../../src/adapters/storage/storage.contract.ts';
import { createTestDatabase, type TestDatabase } from './postgres-test-database.ts';

let database: TestDatabase | undefined;

runStorageContract(
  'PostgreSQL',
  async () => {
    database = await createTestDatabase();
    return openStorage({ databaseUrl: database.url });
  },
  async () => {
    await database?.drop();
  },
);
