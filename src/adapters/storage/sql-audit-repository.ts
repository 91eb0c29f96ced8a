import type { AuditEntry, AuditRepository } from '../../core/ports/storage.ts';
import type { SqlDatabase, SqlParam } from './sql-database.ts';
import { jsonParam, num } from './sql-values.ts';

interface AuditRow {
  id: number | string;
  at_ms: number;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

const COLUMNS = 'id, at_ms, actor, action, target, details';

/** Append-only audit log; ids are increasing decimal strings. */
export class SqlAuditRepository implements AuditRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const [row] = await this.#db.query<AuditRow>(
      `INSERT INTO audit_entries (at_ms, actor, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb)
       RETURNING ${COLUMNS}`,
      [entry.atMs, entry.actor, entry.action, entry.target, jsonParam(entry.details)],
    );
    return toEntry(row!);
  }

  async list(filter: { target?: string; sinceMs?: number; limit?: number }): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (filter.target !== undefined) {
      params.push(filter.target);
      where.push(`target = $${params.length}`);
    }
    if (filter.sinceMs !== undefined) {
      params.push(filter.sinceMs);
      where.push(`at_ms >= $${params.length}`);
    }
    let sql = `SELECT ${COLUMNS} FROM audit_entries`;
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY at_ms DESC, id DESC';
    if (filter.limit !== undefined) {
      params.push(filter.limit);
      sql += ` LIMIT $${params.length}`;
    }
    return (await this.#db.query<AuditRow>(sql, params)).map(toEntry);
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    atMs: num(row.at_ms),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
  };
}
