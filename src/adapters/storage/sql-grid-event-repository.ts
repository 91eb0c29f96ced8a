import type { GridEvent, GridEventRepository } from '../../core/ports/storage.ts';
import { duplicateId } from './duplicate-id.ts';
import type { SqlDatabase } from './sql-database.ts';
import { jsonParam, num, present } from './sql-values.ts';

interface GridEventRow {
  id: string;
  site_ids: string[];
  region: string | null;
  start_ms: number;
  end_ms: number;
  shed_mw: number | null;
  received_at_ms: number;
  all_acked_at_ms: number | null;
  created_by: string;
}

const COLUMNS =
  'id, site_ids, region, start_ms, end_ms, shed_mw, received_at_ms, all_acked_at_ms, created_by';

/** Demand-response events. A duplicate id fails with SY_ERR_STORAGE_CONFLICT. */
export class SqlGridEventRepository implements GridEventRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async create(event: GridEvent): Promise<void> {
    const rows = await this.#db.query(
      `INSERT INTO grid_events (${COLUMNS}) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        event.id,
        jsonParam(event.siteIds),
        event.region ?? null,
        event.startMs,
        event.endMs,
        event.shedMw ?? null,
        event.receivedAtMs,
        event.allAckedAtMs ?? null,
        event.createdBy,
      ],
    );
    if (rows.length === 0) throw duplicateId('grid event', event.id);
  }

  async get(id: string): Promise<GridEvent | undefined> {
    const [row] = await this.#db.query<GridEventRow>(`SELECT ${COLUMNS} FROM grid_events WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? undefined : toEvent(row);
  }

  /** Events overlapping [fromMs, toMs), by start time. */
  async overlapping(fromMs: number, toMs: number): Promise<GridEvent[]> {
    const rows = await this.#db.query<GridEventRow>(
      `SELECT ${COLUMNS} FROM grid_events WHERE start_ms < $2 AND end_ms > $1 ORDER BY start_ms, id`,
      [fromMs, toMs],
    );
    return rows.map(toEvent);
  }

  /** Keeps the first time recorded. */
  async markAllAcked(id: string, atMs: number): Promise<void> {
    await this.#db.query(
      'UPDATE grid_events SET all_acked_at_ms = $2 WHERE id = $1 AND all_acked_at_ms IS NULL',
      [id, atMs],
    );
  }

  /** The `limit` latest-starting events, newest first. */
  async list(limit: number): Promise<GridEvent[]> {
    const rows = await this.#db.query<GridEventRow>(
      `SELECT ${COLUMNS} FROM grid_events ORDER BY start_ms DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toEvent);
  }
}

function toEvent(row: GridEventRow): GridEvent {
  return {
    id: row.id,
    siteIds: row.site_ids,
    ...present('region', row.region),
    startMs: num(row.start_ms),
    endMs: num(row.end_ms),
    ...present('shedMw', row.shed_mw === null ? null : num(row.shed_mw)),
    receivedAtMs: num(row.received_at_ms),
    ...present('allAckedAtMs', row.all_acked_at_ms === null ? null : num(row.all_acked_at_ms)),
    createdBy: row.created_by,
  };
}
