import type { PoolCreditSource, StoredPoolCredit } from '../../core/pools/pool-credit.ts';
import type { PoolCreditOutcome, PoolCreditRepository } from '../../core/ports/actuals-repository.ts';
import type { SqlDatabase } from './sql-database.ts';
import { num } from './sql-values.ts';

interface PoolCreditRow {
  source: PoolCreditSource;
  account: string;
  date: string;
  site_id: string;
  credited_sats: string | number;
  recorded_at_ms: string | number;
  pool_hashrate_hs: string | null;
}

/** Daily pool credits in `pool_credits` (migration 0030). */
export class SqlPoolCreditRepository implements PoolCreditRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async record(credit: StoredPoolCredit): Promise<PoolCreditOutcome> {
    return this.#db.transaction(async (db) => {
      const existing = await db.query<{ credited_sats: string | number; site_id: string }>(
        'SELECT credited_sats::text AS credited_sats, site_id FROM pool_credits WHERE source = $1 AND account = $2 AND date = $3 FOR UPDATE',
        [credit.source, credit.account, credit.date],
      );
      const before = existing[0];
      if (before === undefined) {
        await db.query(
          `INSERT INTO pool_credits (source, account, date, site_id, credited_sats, recorded_at_ms, pool_hashrate_hs)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            credit.source,
            credit.account,
            credit.date,
            credit.siteId,
            credit.creditedSats.toString(),
            credit.recordedAtMs,
            credit.poolHashrateHs?.toString() ?? null,
          ],
        );
        return 'new';
      }
      const hashrate = credit.poolHashrateHs?.toString() ?? null;
      if (BigInt(before.credited_sats) === credit.creditedSats && before.site_id === credit.siteId) {
        // The pool's hashrate of the day may arrive after its credit: kept, not a revision.
        if (hashrate !== null)
          await db.query(
            'UPDATE pool_credits SET pool_hashrate_hs = $4 WHERE source = $1 AND account = $2 AND date = $3',
            [credit.source, credit.account, credit.date, hashrate],
          );
        return 'same';
      }
      await db.query(
        `UPDATE pool_credits SET credited_sats = $4, site_id = $5, recorded_at_ms = $6, revisions = revisions + 1,
                pool_hashrate_hs = COALESCE($7, pool_hashrate_hs)
         WHERE source = $1 AND account = $2 AND date = $3`,
        [
          credit.source,
          credit.account,
          credit.date,
          credit.creditedSats.toString(),
          credit.siteId,
          credit.recordedAtMs,
          hashrate,
        ],
      );
      return 'revised';
    });
  }

  async list(filter: { siteId?: string; fromDate: string; toDate: string }): Promise<StoredPoolCredit[]> {
    const rows = await this.#db.query<PoolCreditRow>(
      `SELECT source, account, date, site_id, credited_sats::text AS credited_sats, recorded_at_ms,
              pool_hashrate_hs::text AS pool_hashrate_hs FROM pool_credits
       WHERE date >= $1 AND date <= $2 AND ($3::text IS NULL OR site_id = $3)
       ORDER BY date, source, account`,
      [filter.fromDate, filter.toDate, filter.siteId ?? null],
    );
    return rows.map((row) => ({
      source: row.source,
      account: row.account,
      date: row.date,
      siteId: row.site_id,
      creditedSats: BigInt(row.credited_sats),
      recordedAtMs: num(row.recorded_at_ms),
      ...(row.pool_hashrate_hs === null ? {} : { poolHashrateHs: BigInt(row.pool_hashrate_hs) }),
    }));
  }
}
