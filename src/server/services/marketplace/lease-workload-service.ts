import { createHash } from 'node:crypto';
import { SwitchyardError } from '../../../core/errors/index.ts';
import {
  checkSshPublicKey,
  type Lease,
  type LeaseWorkload,
  redactWorkload,
  type TenantSshKey,
  workloadProblems,
} from '../../../core/marketplace/index.ts';
import type { WorkloadRunSource } from '../../../core/ports/compute-backend.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import type { WorkloadView } from '../../contracts/marketplace-contract.ts';

/** A lease's workload: checked and stored before the booking, read back for the runner and the API. */
export class LeaseWorkloadService {
  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
    private readonly runs: WorkloadRunSource | undefined,
  ) {}

  /**
   * Checks the workload (`SY_ERR_MARKET_WORKLOAD_INVALID` naming each field) and stores it under the
   * booking's key; a retry with the same key and another workload is an idempotency conflict.
   */
  async record(tenantId: string, idempotencyKey: string, workload: LeaseWorkload): Promise<void> {
    const problems = workloadProblems(workload);
    if (workload.kind === 'interactive' && problems.length === 0) {
      const keys = await this.storage.leaseWorkloads.sshKeys(tenantId);
      if (keys.length === 0)
        problems.push({ field: 'workload', problem: 'needs an SSH public key: register one first' });
      else if (workload.sshKeyId !== undefined && !keys.some((k) => k.id === workload.sshKeyId))
        problems.push({ field: 'workload.sshKeyId', problem: 'is not one of your registered keys' });
    }
    if (problems.length > 0) {
      throw new SwitchyardError(
        'SY_ERR_MARKET_WORKLOAD_INVALID',
        `invalid workload: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
        { problems },
      );
    }
    const stored = await this.storage.leaseWorkloads.put(tenantId, idempotencyKey, workload, this.nowMs());
    if (canonical(stored) !== canonical(workload)) {
      throw new SwitchyardError(
        'SY_ERR_MARKET_IDEMPOTENCY_CONFLICT',
        'this Idempotency-Key was already used for a lease with another workload',
        { field: 'workload' },
      );
    }
  }

  /**
   * Registers an SSH public key for the tenant's interactive allocations, checked (type, base64 wire
   * form, size; `SY_ERR_MARKET_WORKLOAD_INVALID` naming `publicKey`). Only its fingerprint is logged.
   */
  async addSshKey(tenantId: string, publicKey: string, actor: string): Promise<TenantSshKey> {
    const check = checkSshPublicKey(publicKey);
    if (!check.ok) {
      throw new SwitchyardError(
        'SY_ERR_MARKET_WORKLOAD_INVALID',
        `invalid SSH public key: ${check.problem}`,
        {
          problems: [{ field: 'publicKey', problem: check.problem }],
        },
      );
    }
    const digest = createHash('sha256').update(check.key.blob).digest();
    const key: TenantSshKey = {
      id: `k-${digest.toString('hex').slice(0, 16)}`,
      tenantId,
      type: check.key.type,
      fingerprint: `SHA256:${digest.toString('base64').replace(/=+$/, '')}`,
      bits: check.key.bits,
      publicKey: check.key.line,
      comment: check.key.comment,
      createdAtMs: this.nowMs(),
    };
    return this.storage.transaction(async (tx) => {
      const stored = await tx.leaseWorkloads.addSshKey(key);
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'tenant.ssh-key-add',
        target: `tenant:${tenantId}`,
        details: { id: stored.id, type: stored.type, fingerprint: stored.fingerprint },
      });
      return stored;
    });
  }

  sshKeys(tenantId: string): Promise<TenantSshKey[]> {
    return this.storage.leaseWorkloads.sshKeys(tenantId);
  }

  async removeSshKey(tenantId: string, id: string, actor: string): Promise<void> {
    await this.storage.transaction(async (tx) => {
      if (!(await tx.leaseWorkloads.removeSshKey(tenantId, id)))
        throw new SwitchyardError('SY_ERR_NOT_FOUND', `no SSH key ${id}`, { field: 'id' });
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'tenant.ssh-key-remove',
        target: `tenant:${tenantId}`,
        details: { id },
      });
    });
  }

  /** The workload stored for a lease (none: its GPUs are held for the tenant). */
  of(lease: Lease): Promise<LeaseWorkload | undefined> {
    return this.storage.leaseWorkloads.get(lease.tenantId, lease.idempotencyKey);
  }

  /** The workload as the API shows it. */
  async view(lease: Lease): Promise<WorkloadView> {
    const spec = await this.of(lease);
    const source = lease.placements.length > 0 ? this.runs : undefined;
    const runs = source ? await source.workloadRuns(lease.id).catch(() => []) : [];
    // An interactive allocation, while it runs, is reached over SSH through the cluster's login host.
    const withConnect = runs.map((run) => {
      const connect =
        spec?.kind === 'interactive' && run.state === 'RUNNING'
          ? source?.connection?.(run, lease.tenantId)
          : undefined;
      return connect ? { ...run, connect } : run;
    });
    return { spec: spec ? redactWorkload(spec) : null, runs: withConnect };
  }
}

/** JSON with object keys sorted (a JSON column may store keys in another order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
