import { isInterruptible, type Lease } from '../../../core/marketplace/index.ts';
import type { ComputeRequest } from '../../../core/ports/compute-backend.ts';

/**
 * The lease's id on the compute backend. A batch job runs again after each pause, as a new run
 * (`<lease>.run<n>`); other leases run once under their own id. `next`: the run about to be placed.
 */
export function computeId(lease: Lease, next = false): string {
  if (lease.tier !== 'batch') return lease.id;
  const runs = lease.transitions.filter((t) => t.state === 'provisioning').length + (next ? 1 : 0);
  return `${lease.id}.run${runs}`;
}

/** What the compute backend is asked to run for a lease (its current run, or the `next` one). */
export function computeRequest(lease: Lease, next = false): ComputeRequest {
  return {
    leaseId: computeId(lease, next),
    siteId: lease.siteId,
    groupId: lease.groupId,
    gpus: lease.gpus,
    interruptible: isInterruptible(lease.tier),
    tenantId: lease.tenantId,
    tier: lease.tier,
    ...(lease.batch ? { deadlineMs: lease.batch.deadlineMs } : {}),
    ...(lease.termEndsAtMs !== undefined ? { termEndsAtMs: lease.termEndsAtMs } : {}),
    ...(lease.workload ? { workload: lease.workload } : {}),
  };
}
