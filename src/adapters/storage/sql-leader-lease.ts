import type { LeaderLease } from '../../core/ports/storage.ts';
import type { SqlDatabase } from './sql-database.ts';

/**
 * Named leases in one table. `acquire` is a single upsert that only overwrites the row when the
 * caller already holds it or it has expired (expiry at `expires_at_ms` itself counts as expired),
 * so of several replicas racing for a free lease exactly one gets it. A lease expiring later than
 * `nowMs + ttlMs` was taken on another timeline (a replay clock that restarted behind it after a
 * crash): no live holder on this one could have set it, so it is free.
 */
export class SqlLeaderLease implements LeaderLease {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async acquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const rows = await this.#db.query(
      `INSERT INTO leases (name, holder, expires_at_ms) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at_ms = EXCLUDED.expires_at_ms
       WHERE leases.holder = EXCLUDED.holder OR leases.expires_at_ms <= $4 OR leases.expires_at_ms > $3
       RETURNING holder`,
      [name, holder, nowMs + ttlMs, nowMs],
    );
    return rows.length > 0;
  }

  /** Only the holder can release; a no-op otherwise. */
  async release(name: string, holder: string): Promise<void> {
    await this.#db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }
}
