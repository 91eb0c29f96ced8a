import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  migrate,
  PGLITE_MEMORY,
  PgliteDatabase,
  PostgresDatabase,
} from '../../src/adapters/storage/index.ts';
import type { SqlDatabase } from '../../src/adapters/storage/sql-database.ts';
import { createTestDatabase, type TestDatabase } from './postgres-test-database.ts';

// What the database itself enforces, whatever the application does: exact BIGINT amounts, balanced
// postings (checked at commit), and append-only books.
describe.each(['PGlite', 'PostgreSQL'])('ledger tables on %s', (kind) => {
  let db: SqlDatabase;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === 'PostgreSQL') {
      database = await createTestDatabase();
      db = new PostgresDatabase(database.url);
    } else {
      db = await PgliteDatabase.open(PGLITE_MEMORY);
    }
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await database?.drop();
  });

  const insert = (tx: SqlDatabase, key: string, lines: [string, 'debit' | 'credit', string][]) =>
    tx.transaction(async (t) => {
      await t.query(
        "INSERT INTO ledger_postings (key, date, unit, fingerprint) VALUES ($1, '2030-01-01', 'sats', 'x')",
        [key],
      );
      for (const [i, [account, side, amount]] of lines.entries()) {
        await t.query(
          'INSERT INTO ledger_lines (posting_key, position, account, side, amount) VALUES ($1, $2, $3, $4, $5)',
          [key, i + 1, account, side, amount],
        );
      }
    });

  it('refuses at commit a posting whose lines do not balance, or that has one line', async () => {
    await expect(
      insert(db, 'unbalanced', [
        ['btc-treasury', 'debit', '10'],
        ['pool-receivable', 'credit', '9'],
      ]),
    ).rejects.toThrow(/does not balance/);
    await expect(insert(db, 'single', [['btc-treasury', 'debit', '10']])).rejects.toThrow(/does not balance/);
    expect(await db.query("SELECT key FROM ledger_postings WHERE key IN ('unbalanced', 'single')")).toEqual(
      [],
    );
  });

  it('stores a balanced posting and refuses to change or delete it', async () => {
    await insert(db, 'ok', [
      ['btc-treasury', 'debit', '9223372036854775807'],
      ['pool-receivable', 'credit', '9223372036854775807'],
    ]);
    await expect(db.query("UPDATE ledger_lines SET amount = 1 WHERE posting_key = 'ok'")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query("DELETE FROM ledger_postings WHERE key = 'ok'")).rejects.toThrow(/append-only/);
    await expect(insert(db, 'zero', [['btc-treasury', 'debit', '0']])).rejects.toThrow();
    const [row] = await db.query<{ total: string }>(
      "SELECT sum(amount)::text AS total FROM ledger_lines WHERE posting_key = 'ok'",
    );
    expect(row!.total).toBe('18446744073709551614');
  });
});
