import type { LeaseWorkload } from '../../core/marketplace/lease-workload.ts';
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
}
