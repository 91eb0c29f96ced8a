import type {
  ManualPrice,
  ManualPriceKind,
  ManualPriceRepository,
} from '../../core/ports/manual-price-repository.ts';
import { duplicateId } from './duplicate-id.ts';
import type { SqlDatabase } from './sql-database.ts';
import { num, present } from './sql-values.ts';

interface ManualPriceRow {
  id: string;
  kind: ManualPriceKind;
  series_id: string | null;
  site_id: string | null;
  usd_per_mwh: string;
  from_ms: number;
  expires_at_ms: number;
  note: string;
  entered_by: string;
  entered_at_ms: number;
  removed_at_ms: number | null;
}

const COLUMNS =
  'id, kind, series_id, site_id, usd_per_mwh, from_ms, expires_at_ms, note, entered_by, entered_at_ms, removed_at_ms';

/** The desk's manual prices in `manual_prices` (migration 0080). A duplicate id fails with SY_ERR_STORAGE_CONFLICT. */
export class SqlManualPriceRepository implements ManualPriceRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async create(entry: ManualPrice): Promise<void> {
    const rows = await this.#db.query(
      `INSERT INTO manual_prices (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        entry.id,
        entry.kind,
        entry.seriesId ?? null,
        entry.siteId ?? null,
        entry.usdPerMwh,
        entry.fromMs,
        entry.expiresAtMs,
        entry.note,
        entry.enteredBy,
        entry.enteredAtMs,
        entry.removedAtMs ?? null,
      ],
    );
    if (rows.length === 0) throw duplicateId('manual price', entry.id);
  }

  async get(id: string): Promise<ManualPrice | undefined> {
    const [row] = await this.#db.query<ManualPriceRow>(`SELECT ${COLUMNS} FROM manual_prices WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? undefined : toEntry(row);
  }

  async current(nowMs: number): Promise<ManualPrice[]> {
    const rows = await this.#db.query<ManualPriceRow>(
      `SELECT ${COLUMNS} FROM manual_prices WHERE removed_at_ms IS NULL AND expires_at_ms > $1
       ORDER BY entered_at_ms, id COLLATE "C"`,
      [nowMs],
    );
    return rows.map(toEntry);
  }

  async remove(id: string, atMs: number): Promise<boolean> {
    const rows = await this.#db.query(
      'UPDATE manual_prices SET removed_at_ms = $2 WHERE id = $1 AND removed_at_ms IS NULL RETURNING id',
      [id, atMs],
    );
    return rows.length > 0;
  }
}

function toEntry(row: ManualPriceRow): ManualPrice {
  return {
    id: row.id,
    kind: row.kind,
    ...present('seriesId', row.series_id),
    ...present('siteId', row.site_id),
    usdPerMwh: row.usd_per_mwh,
    fromMs: num(row.from_ms),
    expiresAtMs: num(row.expires_at_ms),
    note: row.note,
    enteredBy: row.entered_by,
    enteredAtMs: num(row.entered_at_ms),
    ...present('removedAtMs', row.removed_at_ms === null ? null : num(row.removed_at_ms)),
  };
}
