import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the storage tests use; its `postgres` database is used to create and drop test databases. */
export const TEST_SERVER_URL =
  process.env.SWITCHYARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const START_HINT =
  'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ' +
  '(or point SWITCHYARD_TEST_POSTGRES_URL at another server).';

/** A database created for one test file, dropped by `drop`. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh, empty database `switchyard_test_<random>` on the test server. Fails loudly,
 * saying how to start the server, when it cannot be reached: these tests are never skipped.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `switchyard_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    const server = new URL(TEST_SERVER_URL).host;
    throw new Error(
      `PostgreSQL is not reachable at ${server} (${error instanceof Error ? error.message : String(error)}). ${START_HINT}`,
      { cause: error },
    );
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
