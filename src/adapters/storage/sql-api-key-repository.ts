import type { ApiKeyRecord, ApiKeyRepository, Role } from '../../core/ports/storage.ts';
import { duplicateId } from './duplicate-id.ts';
import type { SqlDatabase } from './sql-database.ts';
import { num, present } from './sql-values.ts';

interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  site_id: string | null;
  tenant_id: string | null;
  secret_hash: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
}

const COLUMNS = 'id, name, role, site_id, tenant_id, secret_hash, created_at_ms, revoked_at_ms';

/** API keys (only the scrypt hash of each secret). A duplicate id fails with SY_ERR_STORAGE_CONFLICT. */
export class SqlApiKeyRepository implements ApiKeyRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async create(record: ApiKeyRecord): Promise<void> {
    const rows = await this.#db.query(
      `INSERT INTO api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        record.id,
        record.name,
        record.role,
        record.siteId ?? null,
        record.tenantId ?? null,
        record.secretHash,
        record.createdAtMs,
        record.revokedAtMs ?? null,
      ],
    );
    if (rows.length === 0) throw duplicateId('API key', record.id);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.#db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return row === undefined ? undefined : toRecord(row);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (
      await this.#db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at_ms, id`)
    ).map(toRecord);
  }

  /** True when this call revoked the key; false when there is no such key or it was already revoked. */
  async revoke(id: string, atMs: number): Promise<boolean> {
    const rows = await this.#db.query(
      'UPDATE api_keys SET revoked_at_ms = $2 WHERE id = $1 AND revoked_at_ms IS NULL RETURNING id',
      [id, atMs],
    );
    return rows.length > 0;
  }

  /** Every key, revoked ones included. */
  async count(): Promise<number> {
    const [row] = await this.#db.query<{ n: number }>('SELECT count(*) AS n FROM api_keys');
    return num(row!.n);
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    ...present('siteId', row.site_id),
    ...present('tenantId', row.tenant_id),
    secretHash: row.secret_hash,
    createdAtMs: num(row.created_at_ms),
    ...present('revokedAtMs', row.revoked_at_ms === null ? null : num(row.revoked_at_ms)),
  };
}
