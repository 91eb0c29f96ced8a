import { SwitchyardError } from '../../core/errors/index.ts';
import type { Alert, AlertRepository } from '../../core/ports/storage.ts';
import type { SqlDatabase, SqlParam } from './sql-database.ts';
import { num, present } from './sql-values.ts';

interface AlertRow {
  id: number | string;
  at_ms: number;
  site_id: string | null;
  severity: Alert['severity'];
  kind: string;
  message: string;
  resolved_at_ms: number | null;
}

const COLUMNS = 'id, at_ms, site_id, severity, kind, message, resolved_at_ms';

/**
 * Alerts. A partial unique index allows one open alert per (kind, site), so `raise` is an
 * INSERT ... ON CONFLICT DO NOTHING that falls back to reading the open one: racing raisers
 * agree on a single alert. A fleet-wide alert has no site; `resolve` with no site resolves those.
 */
export class SqlAlertRepository implements AlertRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async raise(alert: Omit<Alert, 'id' | 'resolvedAtMs'>): Promise<Alert> {
    const siteId = alert.siteId ?? null;
    for (let attempt = 0; ; attempt++) {
      const [inserted] = await this.#db.query<AlertRow>(
        `INSERT INTO alerts (at_ms, site_id, severity, kind, message) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (kind, (COALESCE(site_id, ''))) WHERE resolved_at_ms IS NULL DO NOTHING
         RETURNING ${COLUMNS}`,
        [alert.atMs, siteId, alert.severity, alert.kind, alert.message],
      );
      if (inserted !== undefined) return toAlert(inserted);
      const [open] = await this.#db.query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts
         WHERE kind = $1 AND site_id IS NOT DISTINCT FROM $2 AND resolved_at_ms IS NULL`,
        [alert.kind, siteId],
      );
      if (open !== undefined) return toAlert(open);
      // The open alert was resolved between the two statements: try again, a few times.
      if (attempt === 4) throw alertRaceLost(alert.kind, alert.siteId);
    }
  }

  async resolve(kind: string, siteId: string | undefined, atMs: number): Promise<number> {
    const rows = await this.#db.query(
      `UPDATE alerts SET resolved_at_ms = $3
       WHERE kind = $1 AND site_id IS NOT DISTINCT FROM $2 AND resolved_at_ms IS NULL RETURNING id`,
      [kind, siteId ?? null, atMs],
    );
    return rows.length;
  }

  /** Newest first. `open: true` only unresolved alerts, `open: false` only resolved ones. */
  async list(filter: { open?: boolean; siteId?: string; limit?: number }): Promise<Alert[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (filter.open !== undefined)
      where.push(filter.open ? 'resolved_at_ms IS NULL' : 'resolved_at_ms IS NOT NULL');
    if (filter.siteId !== undefined) {
      params.push(filter.siteId);
      where.push(`site_id = $${params.length}`);
    }
    let sql = `SELECT ${COLUMNS} FROM alerts`;
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY at_ms DESC, id DESC';
    if (filter.limit !== undefined) {
      params.push(filter.limit);
      sql += ` LIMIT $${params.length}`;
    }
    return (await this.#db.query<AlertRow>(sql, params)).map(toAlert);
  }
}

function toAlert(row: AlertRow): Alert {
  return {
    id: String(row.id),
    atMs: num(row.at_ms),
    ...present('siteId', row.site_id),
    severity: row.severity,
    kind: row.kind,
    message: row.message,
    ...present('resolvedAtMs', row.resolved_at_ms === null ? null : num(row.resolved_at_ms)),
  };
}

function alertRaceLost(kind: string, siteId: string | undefined): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_STORAGE_CONFLICT',
    `alert ${kind}${siteId === undefined ? '' : ` for ${siteId}`} kept being resolved while being raised`,
    { kind, siteId },
  );
}
