import type { SetpointRecord, SetpointRepository } from '../../core/ports/storage.ts';
import type { SqlDatabase, SqlParam } from './sql-database.ts';
import { num, present } from './sql-values.ts';

interface SetpointRow {
  site_id: string;
  seq: number;
  run_id: string | null;
  issued_at_ms: number;
  expires_at_ms: number;
  mining_mw: number;
  ai_mw: number;
  battery_mw: number;
  curtailed: boolean;
  reason: string;
  acked_at_ms: number | null;
  ack_ok: boolean | null;
  ack_message: string | null;
  reached_mining_mw: number | null;
}

const COLUMNS = `site_id, seq, run_id, issued_at_ms, expires_at_ms, mining_mw, ai_mw, battery_mw, curtailed, reason,
  acked_at_ms, ack_ok, ack_message, reached_mining_mw`;

/**
 * Setpoints with a per-site sequence. `issue` is one statement: it bumps the site's row in
 * `setpoint_counters` (INSERT ... ON CONFLICT DO UPDATE, which row-locks it until commit, so
 * concurrent issues for a site queue up) and inserts the setpoint with the new number.
 */
export class SqlSetpointRepository implements SetpointRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async issue(
    setpoint: Omit<SetpointRecord, 'seq' | 'ackedAtMs' | 'ackOk' | 'ackMessage' | 'reachedMiningMw'>,
  ): Promise<SetpointRecord> {
    const [row] = await this.#db.query<SetpointRow>(
      `WITH counter AS (
         INSERT INTO setpoint_counters (site_id, last_seq) VALUES ($1, 1)
         ON CONFLICT (site_id) DO UPDATE SET last_seq = setpoint_counters.last_seq + 1
         RETURNING last_seq
       )
       INSERT INTO setpoints (site_id, seq, run_id, issued_at_ms, expires_at_ms, mining_mw, ai_mw, battery_mw,
                              curtailed, reason)
       SELECT $1, last_seq, $2, $3, $4, $5, $6, $7, $8, $9 FROM counter
       RETURNING ${COLUMNS}`,
      [
        setpoint.siteId,
        setpoint.runId ?? null,
        setpoint.issuedAtMs,
        setpoint.expiresAtMs,
        setpoint.miningMw,
        setpoint.aiMw,
        setpoint.batteryMw,
        setpoint.curtailed,
        setpoint.reason,
      ],
    );
    return toRecord(row!);
  }

  async ack(
    siteId: string,
    seq: number,
    ack: { atMs: number; ok: boolean; message: string; reachedMiningMw: number },
  ): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE setpoints SET acked_at_ms = $3, ack_ok = $4, ack_message = $5, reached_mining_mw = $6
       WHERE site_id = $1 AND seq = $2 AND acked_at_ms IS NULL RETURNING seq`,
      [siteId, seq, ack.atMs, ack.ok, ack.message, ack.reachedMiningMw],
    );
    return rows.length > 0;
  }

  async latest(siteId: string): Promise<SetpointRecord | undefined> {
    const [row] = await this.#db.query<SetpointRow>(
      `SELECT ${COLUMNS} FROM setpoints WHERE site_id = $1 ORDER BY seq DESC LIMIT 1`,
      [siteId],
    );
    return row === undefined ? undefined : toRecord(row);
  }

  async list(filter: { siteId?: string; fromMs: number; toMs: number }): Promise<SetpointRecord[]> {
    const params: SqlParam[] = [filter.fromMs, filter.toMs];
    let sql = `SELECT ${COLUMNS} FROM setpoints WHERE issued_at_ms >= $1 AND issued_at_ms < $2`;
    if (filter.siteId !== undefined) {
      params.push(filter.siteId);
      sql += ' AND site_id = $3';
    }
    sql += ' ORDER BY issued_at_ms, site_id, seq';
    return (await this.#db.query<SetpointRow>(sql, params)).map(toRecord);
  }

  async unacked(beforeMs: number): Promise<SetpointRecord[]> {
    const rows = await this.#db.query<SetpointRow>(
      `SELECT ${COLUMNS} FROM setpoints WHERE acked_at_ms IS NULL AND issued_at_ms < $1
       ORDER BY issued_at_ms, site_id, seq`,
      [beforeMs],
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: SetpointRow): SetpointRecord {
  return {
    siteId: row.site_id,
    seq: num(row.seq),
    ...present('runId', row.run_id),
    issuedAtMs: num(row.issued_at_ms),
    expiresAtMs: num(row.expires_at_ms),
    miningMw: num(row.mining_mw),
    aiMw: num(row.ai_mw),
    batteryMw: num(row.battery_mw),
    curtailed: row.curtailed,
    reason: row.reason,
    ...present('ackedAtMs', row.acked_at_ms === null ? null : num(row.acked_at_ms)),
    ...present('ackOk', row.ack_ok),
    ...present('ackMessage', row.ack_message),
    ...present('reachedMiningMw', row.reached_mining_mw === null ? null : num(row.reached_mining_mw)),
  };
}
