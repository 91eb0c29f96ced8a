import type { Curtailment, CurtailmentRepository } from '../../core/ports/storage.ts';
import { duplicateId } from './duplicate-id.ts';
import type { SqlDatabase } from './sql-database.ts';
import { jsonParam, num, present } from './sql-values.ts';

interface CurtailmentRow {
  id: string;
  site_ids: string[];
  region: string | null;
  started_at_ms: number;
  released_at_ms: number | null;
  reason: string;
  created_by: string;
}

const COLUMNS = 'id, site_ids, region, started_at_ms, released_at_ms, reason, created_by';

/** Operator curtailments. A duplicate id fails with SY_ERR_STORAGE_CONFLICT. */
export class SqlCurtailmentRepository implements CurtailmentRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async start(curtailment: Curtailment): Promise<void> {
    const rows = await this.#db.query(
      `INSERT INTO curtailments (${COLUMNS}) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        curtailment.id,
        jsonParam(curtailment.siteIds),
        curtailment.region ?? null,
        curtailment.startedAtMs,
        curtailment.releasedAtMs ?? null,
        curtailment.reason,
        curtailment.createdBy,
      ],
    );
    if (rows.length === 0) throw duplicateId('curtailment', curtailment.id);
  }

  /** True when this call released it; false when there is no such curtailment or it was already released. */
  async release(id: string, atMs: number): Promise<boolean> {
    const rows = await this.#db.query(
      'UPDATE curtailments SET released_at_ms = $2 WHERE id = $1 AND released_at_ms IS NULL RETURNING id',
      [id, atMs],
    );
    return rows.length > 0;
  }

  /** Oldest first. */
  async active(): Promise<Curtailment[]> {
    const rows = await this.#db.query<CurtailmentRow>(
      `SELECT ${COLUMNS} FROM curtailments WHERE released_at_ms IS NULL ORDER BY started_at_ms, id`,
    );
    return rows.map(toCurtailment);
  }
}

function toCurtailment(row: CurtailmentRow): Curtailment {
  return {
    id: row.id,
    siteIds: row.site_ids,
    ...present('region', row.region),
    startedAtMs: num(row.started_at_ms),
    ...present('releasedAtMs', row.released_at_ms === null ? null : num(row.released_at_ms)),
    reason: row.reason,
    createdBy: row.created_by,
  };
}
