import type { LedgerLine, LedgerUnit, Period, Posting, PostResult } from '../../core/accounting/ledger.ts';
import type { DailyChange, LedgerRepository, PostingFilter } from '../../core/ports/ledger-repository.ts';
import { type CheckedPosting, checkPostings, keyConflict } from './ledger-batch.ts';
import type { SqlDatabase, SqlParam } from './sql-database.ts';

/** Postings stored per statement when booking a batch. */
const CHUNK = 500;
const SIGNED = "CASE l.side WHEN 'debit' THEN l.amount ELSE -l.amount END";

interface LineRow {
  key: string;
  date: string;
  unit: LedgerUnit;
  memo: string | null;
  account: string;
  side: 'debit' | 'credit';
  amount: string;
}

/**
 * The ledger in PostgreSQL/PGlite (migration 0004): postings and their lines, amounts as BIGINT,
 * sums as exact NUMERIC read back as text. Batches are stored a chunk per statement (`unnest`), in
 * one transaction; a deferred trigger re-checks at commit that every posting balances.
 */
export class SqlLedgerRepository implements LedgerRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async post(posting: Posting): Promise<PostResult> {
    return (await this.postAll([posting])).booked === 1 ? 'booked' : 'duplicate';
  }

  async postAll(postings: readonly Posting[]): Promise<{ booked: number; duplicates: number }> {
    const checked = checkPostings(postings);
    if (checked.length === 0) return { booked: 0, duplicates: postings.length };
    const booked = await this.#db.transaction(async (tx) => {
      let count = 0;
      for (let i = 0; i < checked.length; i += CHUNK)
        count += await bookChunk(tx, checked.slice(i, i + CHUNK));
      return count;
    });
    return { booked, duplicates: postings.length - booked };
  }

  async get(key: string): Promise<Posting | undefined> {
    const rows = await this.#db.query<LineRow>(
      `SELECT p.key, p.date, p.unit, p.memo, l.account, l.side, l.amount::text AS amount
         FROM ledger_postings p JOIN ledger_lines l ON l.posting_key = p.key
        WHERE p.key = $1 ORDER BY l.position`,
      [key],
    );
    return toPostings(rows)[0];
  }

  async balance(account: string, period?: Period): Promise<bigint> {
    const params: SqlParam[] = [account];
    const [row] = await this.#db.query<{ total: string }>(
      `SELECT COALESCE(sum(${SIGNED}), 0)::text AS total
         FROM ledger_lines l JOIN ledger_postings p ON p.key = l.posting_key
        WHERE l.account = $1 AND ${periodSql(period, params)}`,
      params,
    );
    return BigInt(row?.total ?? '0');
  }

  async balances(period?: Period, accountPrefix?: string): Promise<ReadonlyMap<string, bigint>> {
    const params: SqlParam[] = [];
    const where = [periodSql(period, params)];
    if (accountPrefix !== undefined) where.push(prefixSql('l.account', accountPrefix, params));
    const rows = await this.#db.query<{ account: string; total: string }>(
      `SELECT l.account, sum(${SIGNED})::text AS total
         FROM ledger_lines l JOIN ledger_postings p ON p.key = l.posting_key
        WHERE ${where.join(' AND ')} GROUP BY l.account ORDER BY l.account`,
      params,
    );
    return new Map(rows.map((row) => [row.account, BigInt(row.total)]));
  }

  async list(filter: PostingFilter = {}): Promise<Posting[]> {
    const params: SqlParam[] = [];
    const where = [periodSql(filter.period, params, 'q.date')];
    if (filter.accountPrefix !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM ledger_lines m WHERE m.posting_key = q.key AND ${prefixSql('m.account', filter.accountPrefix, params)})`,
      );
    }
    let limit = '';
    if (filter.limit !== undefined) {
      params.push(filter.limit);
      limit = `LIMIT $${params.length}`;
    }
    const rows = await this.#db.query<LineRow>(
      `WITH chosen AS (
         SELECT q.key, q.date, q.seq FROM ledger_postings q WHERE ${where.join(' AND ')}
          ORDER BY q.date, q.seq ${limit})
       SELECT p.key, p.date, p.unit, p.memo, l.account, l.side, l.amount::text AS amount
         FROM chosen c JOIN ledger_postings p ON p.key = c.key JOIN ledger_lines l ON l.posting_key = p.key
        ORDER BY c.date, c.seq, l.position`,
      params,
    );
    return toPostings(rows);
  }

  async dailyChanges(account: string, period?: Period): Promise<DailyChange[]> {
    const params: SqlParam[] = [account];
    const rows = await this.#db.query<{ date: string; total: string }>(
      `SELECT p.date, sum(${SIGNED})::text AS total
         FROM ledger_lines l JOIN ledger_postings p ON p.key = l.posting_key
        WHERE l.account = $1 AND ${periodSql(period, params)} GROUP BY p.date ORDER BY p.date`,
      params,
    );
    return rows.map((row) => ({ date: row.date, change: BigInt(row.total) }));
  }
}

/** Stores the chunk's new keys with their lines; a stored key must hold the same posting. Returns how many were new. */
async function bookChunk(tx: SqlDatabase, chunk: readonly CheckedPosting[]): Promise<number> {
  const inserted = await tx.query<{ key: string }>(
    `INSERT INTO ledger_postings (key, date, unit, memo, fingerprint)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [
      chunk.map((c) => c.posting.key),
      chunk.map((c) => c.posting.date),
      chunk.map((c) => c.posting.unit),
      chunk.map((c) => c.posting.memo ?? null),
      chunk.map((c) => c.fingerprint),
    ],
  );
  const fresh = new Set(inserted.map((row) => row.key));
  const existing = chunk.filter((c) => !fresh.has(c.posting.key));
  if (existing.length > 0) {
    const stored = await tx.query<{ key: string; fingerprint: string }>(
      'SELECT key, fingerprint FROM ledger_postings WHERE key = ANY($1::text[])',
      [existing.map((c) => c.posting.key)],
    );
    const byKey = new Map(stored.map((row) => [row.key, row.fingerprint]));
    for (const c of existing)
      if (byKey.get(c.posting.key) !== c.fingerprint) throw keyConflict(c.posting.key);
  }
  const lines = chunk
    .filter((c) => fresh.has(c.posting.key))
    .flatMap((c) => c.posting.lines.map((line, i) => ({ key: c.posting.key, position: i + 1, line })));
  if (lines.length > 0) {
    await tx.query(
      `INSERT INTO ledger_lines (posting_key, position, account, side, amount)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[])`,
      [
        lines.map((l) => l.key),
        lines.map((l) => l.position),
        lines.map((l) => l.line.account),
        lines.map((l) => l.line.side),
        lines.map((l) => l.line.amount.toString()),
      ],
    );
  }
  return fresh.size;
}

/** A SQL condition on a date column for the period, its values appended to `params`. */
function periodSql(period: Period | undefined, params: SqlParam[], column = 'p.date'): string {
  if (period === undefined) return 'TRUE';
  if (typeof period === 'string') return prefixSql(column, period, params);
  const parts: string[] = [];
  if (period.from !== undefined) {
    params.push(period.from);
    parts.push(`${column} >= $${params.length}`);
  }
  if (period.to !== undefined) {
    params.push(period.to);
    parts.push(`${column} < $${params.length}`);
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

function prefixSql(column: string, prefix: string, params: SqlParam[]): string {
  params.push(prefix);
  return `left(${column}, length($${params.length})) = $${params.length}`;
}

/** Rows of (posting, line), ordered by posting then line position, as postings. */
function toPostings(rows: readonly LineRow[]): Posting[] {
  const out: { head: LineRow; lines: LedgerLine[] }[] = [];
  for (const row of rows) {
    if (out.at(-1)?.head.key !== row.key) out.push({ head: row, lines: [] });
    out.at(-1)!.lines.push({ account: row.account, side: row.side, amount: BigInt(row.amount) });
  }
  return out.map(({ head, lines }) => ({
    key: head.key,
    date: head.date,
    unit: head.unit,
    ...(head.memo === null ? {} : { memo: head.memo }),
    lines,
  }));
}
