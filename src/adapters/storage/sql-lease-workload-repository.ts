import type { LeaseWorkload } from '../../core/marketplace/lease-workload.ts';
import type { TenantSshKey } from '../../core/marketplace/ssh-public-key.ts';
import type { LeaseWorkloadRepository } from '../../core/ports/storage.ts';
import type { SqlDatabase } from './sql-database.ts';
import { jsonParam } from './sql-values.ts';

/** Lease workloads in `gpu_lease_workloads`; the first one stored under a booking key is kept. */
export class SqlLeaseWorkloadRepository implements LeaseWorkloadRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async put(
    tenantId: string,
    idempotencyKey: string,
    workload: LeaseWorkload,
    atMs: number,
  ): Promise<LeaseWorkload> {
    await this.#db.query(
      `INSERT INTO gpu_lease_workloads (tenant_id, idempotency_key, workload, created_at_ms)
       VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT DO NOTHING`,
      [tenantId, idempotencyKey, jsonParam(workload), atMs],
    );
    return (await this.get(tenantId, idempotencyKey))!;
  }

  async get(tenantId: string, idempotencyKey: string): Promise<LeaseWorkload | undefined> {
    const [row] = await this.#db.query<{ workload: LeaseWorkload }>(
      'SELECT workload FROM gpu_lease_workloads WHERE tenant_id = $1 AND idempotency_key = $2',
      [tenantId, idempotencyKey],
    );
    return row?.workload;
  }

  async addSshKey(key: TenantSshKey): Promise<TenantSshKey> {
    await this.#db.query(
      `INSERT INTO tenant_ssh_keys (tenant_id, id, type, fingerprint, bits, public_key, comment, created_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        key.tenantId,
        key.id,
        key.type,
        key.fingerprint,
        key.bits,
        key.publicKey,
        key.comment,
        key.createdAtMs,
      ],
    );
    return (await this.sshKeys(key.tenantId)).find((k) => k.id === key.id)!;
  }

  async sshKeys(tenantId: string): Promise<TenantSshKey[]> {
    const rows = await this.#db.query<{
      tenant_id: string;
      id: string;
      type: TenantSshKey['type'];
      fingerprint: string;
      bits: number;
      public_key: string;
      comment: string;
      created_at_ms: string | number;
    }>('SELECT * FROM tenant_ssh_keys WHERE tenant_id = $1 ORDER BY created_at_ms, id', [tenantId]);
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      type: row.type,
      fingerprint: row.fingerprint,
      bits: Number(row.bits),
      publicKey: row.public_key,
      comment: row.comment,
      createdAtMs: Number(row.created_at_ms),
    }));
  }

  async removeSshKey(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.#db.query(
      'DELETE FROM tenant_ssh_keys WHERE tenant_id = $1 AND id = $2 RETURNING id',
      [tenantId, id],
    );
    return rows.length > 0;
  }
}
