import type { Site } from '../../core/fleet/fleet-schema.ts';
import type { SiteRecord, SiteRepository } from '../../core/ports/storage.ts';
import { siteConflict } from './site-conflict.ts';
import type { SqlDatabase } from './sql-database.ts';
import { jsonParam, num } from './sql-values.ts';

interface SiteRow {
  doc: Site;
  version: number;
  updated_at_ms: number;
}

const COLUMNS = 'doc, version, updated_at_ms';

/** Sites as JSONB documents with an optimistic-concurrency version. */
export class SqlSiteRepository implements SiteRepository {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  async list(): Promise<SiteRecord[]> {
    return (await this.#db.query<SiteRow>(`SELECT ${COLUMNS} FROM sites ORDER BY id`)).map(toRecord);
  }

  async get(siteId: string): Promise<SiteRecord | undefined> {
    const [row] = await this.#db.query<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE id = $1`, [siteId]);
    return row === undefined ? undefined : toRecord(row);
  }

  /** `expectedVersion` 0 means "only if the site does not exist yet". */
  async put(site: Site, expectedVersion?: number): Promise<SiteRecord> {
    const params = [site.id, jsonParam(site), this.#now()];
    let rows: SiteRow[];
    if (expectedVersion === undefined) {
      rows = await this.#db.query<SiteRow>(
        `INSERT INTO sites (id, doc, version, updated_at_ms) VALUES ($1, $2::jsonb, 1, $3)
         ON CONFLICT (id) DO UPDATE
           SET doc = EXCLUDED.doc, version = sites.version + 1, updated_at_ms = EXCLUDED.updated_at_ms
         RETURNING ${COLUMNS}`,
        params,
      );
    } else if (expectedVersion === 0) {
      rows = await this.#db.query<SiteRow>(
        `INSERT INTO sites (id, doc, version, updated_at_ms) VALUES ($1, $2::jsonb, 1, $3)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${COLUMNS}`,
        params,
      );
    } else {
      rows = await this.#db.query<SiteRow>(
        `UPDATE sites SET doc = $2::jsonb, version = version + 1, updated_at_ms = $3
         WHERE id = $1 AND version = $4
         RETURNING ${COLUMNS}`,
        [...params, expectedVersion],
      );
    }
    const [row] = rows;
    if (row !== undefined) return toRecord(row);
    const current = await this.get(site.id);
    throw siteConflict(site.id, expectedVersion ?? 0, current?.version ?? 0);
  }

  async delete(siteId: string): Promise<boolean> {
    return (await this.#db.query('DELETE FROM sites WHERE id = $1 RETURNING id', [siteId])).length > 0;
  }
}

function toRecord(row: SiteRow): SiteRecord {
  return { site: row.doc, version: num(row.version), updatedAtMs: num(row.updated_at_ms) };
}
