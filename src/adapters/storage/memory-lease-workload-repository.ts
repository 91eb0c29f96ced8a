import type { LeaseWorkload } from '../../core/marketplace/lease-workload.ts';
import type { TenantSshKey } from '../../core/marketplace/ssh-public-key.ts';
import type { LeaseWorkloadRepository } from '../../core/ports/storage.ts';
import { copy, type MemoryState } from './memory-state.ts';

/** Lease workloads in memory, keyed by tenant and booking key; the first one stored is kept. */
export class MemoryLeaseWorkloadRepository implements LeaseWorkloadRepository {
  constructor(private readonly state: MemoryState) {}

  async put(
    tenantId: string,
    idempotencyKey: string,
    workload: LeaseWorkload,
    _atMs: number,
  ): Promise<LeaseWorkload> {
    const key = JSON.stringify([tenantId, idempotencyKey]);
    if (!this.state.leaseWorkloads.has(key)) this.state.leaseWorkloads.set(key, copy(workload));
    return copy(this.state.leaseWorkloads.get(key)!);
  }

  async get(tenantId: string, idempotencyKey: string): Promise<LeaseWorkload | undefined> {
    const stored = this.state.leaseWorkloads.get(JSON.stringify([tenantId, idempotencyKey]));
    return stored === undefined ? undefined : copy(stored);
  }

  async addSshKey(key: TenantSshKey): Promise<TenantSshKey> {
    const at = JSON.stringify([key.tenantId, key.id]);
    if (!this.state.sshKeys.has(at)) this.state.sshKeys.set(at, copy(key));
    return copy(this.state.sshKeys.get(at)!);
  }

  async sshKeys(tenantId: string): Promise<TenantSshKey[]> {
    return [...this.state.sshKeys.values()].filter((k) => k.tenantId === tenantId).map(copy);
  }

  async removeSshKey(tenantId: string, id: string): Promise<boolean> {
    return this.state.sshKeys.delete(JSON.stringify([tenantId, id]));
  }
}
