import type { FastifyBaseLogger } from 'fastify';
import type {
  LoginAccess,
  SlurmComputeBackend,
} from '../../../adapters/compute/slurm/slurm-compute-backend.ts';
import {
  type Lease,
  type LeaseState,
  reconcileUsage,
  type UsageReconciliation,
} from '../../../core/marketplace/index.ts';
import type { Storage } from '../../../core/ports/storage.ts';

const ACTIVE: readonly LeaseState[] = ['pending', 'provisioning', 'running', 'preempting'];
const ENDED: readonly LeaseState[] = ['completed', 'preempted', 'failed', 'cancelled'];
/** How long an ended lease may have no job in Slurm's accounting before that is a difference. */
const ACCOUNTING_WAIT_MS = 300_000;

/**
 * Keeps Slurm and the marketplace in agreement, one tick at a time: every live Slurm job of the
 * backend belongs to a live lease (a job without one is reported, as an alert and in the audit log,
 * and cancelled); and every ended lease's billed GPU-seconds equal Slurm's accounting of its jobs (a
 * difference is an alert, `lease.metering-mismatch`; agreement is written to the audit log).
 */
export class SlurmReconciler {
  /** Leases whose metering was compared with Slurm's accounting (final figures). */
  private readonly reconciled = new Set<string>();
  /** Leases that ended before this reconciler ran are not compared (their jobs may predate it). */
  private readonly sinceMs: number;

  constructor(
    private readonly storage: Storage,
    private readonly slurm: SlurmComputeBackend,
    private readonly nowMs: () => number,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.sinceMs = nowMs();
  }

  async tick(): Promise<{ orphans: number; reconciled: UsageReconciliation[]; reservations: string[] }> {
    const orphans = await this.cancelOrphans();
    const reservations = await this.deleteStaleReservations();
    await this.publishLoginKeys();
    const reconciled = await this.reconcileEnded();
    return { orphans, reconciled, reservations };
  }

  /** Whether the lease of a compute id (`<lease>` or a batch run `<lease>.run<n>`) is live. */
  private readonly owner = async (computeId: string): Promise<boolean> => {
    const leaseId = computeId.replace(/\.run\d+$/, '');
    const lease = await this.storage.marketplace.getLease(leaseId);
    return lease !== undefined && ACTIVE.includes(lease.state);
  };

  /**
   * The login host's keys: each tenant's registered keys (or the one its lease names), allowed to
   * reach its running interactive allocations only.
   */
  async publishLoginKeys(): Promise<LoginAccess[]> {
    const access: LoginAccess[] = [];
    for (const lease of await this.storage.marketplace.listLeases({ states: ['running', 'preempting'] })) {
      const workload = await this.storage.leaseWorkloads.get(lease.tenantId, lease.idempotencyKey);
      if (workload?.kind !== 'interactive') continue;
      const runs = await this.slurm.workloadRuns(lease.id);
      const keys = (await this.storage.leaseWorkloads.sshKeys(lease.tenantId)).filter(
        (k) => workload.sshKeyId === undefined || k.id === workload.sshKeyId,
      );
      access.push({
        tenantId: lease.tenantId,
        publicKeys: keys.map((k) => k.publicKey),
        jobIds: runs.filter((r) => r.state === 'RUNNING').map((r) => Number(r.jobId)),
      });
    }
    this.slurm.publishLoginKeys(access);
    return access;
  }

  /** Deletes the reservations of reserved leases that have ended (recorded in the audit log). */
  async deleteStaleReservations(): Promise<string[]> {
    const deleted = await this.slurm.deleteStaleReservations(this.owner);
    for (const name of deleted) {
      await this.storage.audit.append({
        atMs: this.nowMs(),
        actor: 'system',
        action: 'slurm.reservation-delete',
        target: `slurm-reservation:${name}`,
        details: { reason: 'its lease has ended' },
      });
    }
    return deleted;
  }

  /** Cancels live jobs no live lease owns; the lease is read after Slurm, so a job just placed has its lease. */
  async cancelOrphans(): Promise<number> {
    const orphans = await this.slurm.cancelOrphans(this.owner);
    for (const orphan of orphans) {
      const message = `Slurm job ${orphan.jobId} (${orphan.workloadId}, ${orphan.gpus} GPU(s) on ${orphan.node}) belongs to no live lease: cancelled`;
      this.log?.warn({ orphan }, message);
      await this.storage.alerts.raise({
        atMs: this.nowMs(),
        severity: 'warning',
        kind: 'slurm.orphan-job',
        message,
      });
      await this.storage.audit.append({
        atMs: this.nowMs(),
        actor: 'system',
        action: 'slurm.orphan-cancel',
        target: `slurm-job:${orphan.jobId}`,
        details: { ...orphan },
      });
    }
    return orphans.length;
  }

  /** Compares each ended lease's billing with Slurm's accounting once its jobs have ended there. */
  async reconcileEnded(limit = 200): Promise<UsageReconciliation[]> {
    const ended = await this.storage.marketplace.listLeases({ states: ENDED, limit });
    const results: UsageReconciliation[] = [];
    const fresh = (l: Lease) => (l.transitions.at(-1)?.atMs ?? 0) >= this.sinceMs;
    for (const lease of ended.filter((l) => !this.reconciled.has(l.id) && ranOnce(l) && fresh(l))) {
      const result = await this.reconcile(lease);
      if (result?.final) results.push(result);
    }
    return results;
  }

  /** One lease: its segments against Slurm's records; raises the alert on a difference. */
  async reconcile(lease: Lease): Promise<UsageReconciliation | undefined> {
    const records = await this.slurm.accounting(lease.id, lease.createdAtMs);
    const usage = records.map((r) => ({
      jobId: String(r.jobId),
      startMs: this.slurm.driver.slurmMs(r.startS),
      endMs: r.endS > 0 ? this.slurm.driver.slurmMs(r.endS) : null,
      gpus: r.gpus,
    }));
    const segments = await this.storage.marketplace.meterSegments({
      leaseIds: [lease.id],
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    const result = reconcileUsage(lease.id, segments, usage, this.nowMs());
    // Slurm's accounting records a job a moment after it ends: no record yet is not a difference yet.
    const endedAtMs = lease.transitions.at(-1)?.atMs ?? 0;
    if (usage.length === 0 && this.nowMs() - endedAtMs < ACCOUNTING_WAIT_MS)
      return { ...result, final: false };
    if (!result.final) return result;
    this.reconciled.add(lease.id);
    const details = { ...result, tenantId: lease.tenantId, jobs: usage.map((u) => u.jobId) };
    if (result.differenceGpuSeconds !== 0) {
      const message = `lease ${lease.id}: billed ${result.billedGpuSeconds} GPU-s, Slurm accounts ${result.schedulerGpuSeconds} GPU-s (difference ${result.differenceGpuSeconds})`;
      this.log?.warn(details, message);
      await this.storage.alerts.raise({
        atMs: this.nowMs(),
        siteId: lease.siteId,
        severity: 'warning',
        kind: 'lease.metering-mismatch',
        message,
      });
    }
    await this.storage.audit.append({
      atMs: this.nowMs(),
      actor: 'system',
      action: result.differenceGpuSeconds === 0 ? 'lease.metering-reconciled' : 'lease.metering-mismatch',
      target: `lease:${lease.id}`,
      details,
    });
    return result;
  }
}

function ranOnce(lease: Lease): boolean {
  return lease.transitions.some((t) => t.state === 'running');
}
