import {
  choosePreemptions,
  type Lease,
  type LeaseState,
  statesBefore,
} from '../../../core/marketplace/index.ts';
import type { ComputeBackend } from '../../../core/ports/compute-backend.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import { computeId } from './compute-request.ts';
import { DEFAULT_PREEMPT_NOTICE_SECONDS } from './gpu-pools.ts';

export const ACTIVE_LEASE_STATES: readonly LeaseState[] = [
  'pending',
  'provisioning',
  'running',
  'preempting',
];

export interface LeasePreemptionOptions {
  readonly storage: Storage;
  readonly compute: ComputeBackend;
  readonly nowMs: () => number;
}

/** A reclaim of GPUs for a committed lease: how many will be free, and from when. */
export interface Reclaimed {
  readonly gpus: number;
  readonly atMs: number;
}

/**
 * Notice to interruptible leases: the node stops a lease when its notice runs out. Used by the
 * lease runner (the allocator's plan, spending limits) and by booking (`reclaim`: capacity a
 * committed lease needs).
 */
export class LeasePreemption {
  readonly #options: LeasePreemptionOptions;

  constructor(options: LeasePreemptionOptions) {
    this.#options = options;
  }

  /** The pool's preemption notice, seconds (set per GPU group in the fleet file). */
  async noticeSeconds(siteId: string, groupId: string): Promise<number> {
    return (
      (await this.#options.storage.marketplace.getPool(siteId, groupId))?.preemptNoticeSeconds ??
      DEFAULT_PREEMPT_NOTICE_SECONDS
    );
  }

  /** Gives an interruptible lease notice; the node stops it when the notice runs out. */
  async preempt(lease: Lease, noticeSeconds: number, reason: string): Promise<Lease | undefined> {
    const { storage, compute, nowMs } = this.#options;
    const status = await compute.preempt(computeId(lease), noticeSeconds * 1000);
    const preemptAtMs = status.preemptAtMs ?? nowMs() + noticeSeconds * 1000;
    const moved = await storage.marketplace.transition(
      lease.id,
      statesBefore('preempting', lease.tier),
      'preempting',
      nowMs(),
      reason,
      { preemptAtMs },
    );
    await storage.audit.append({
      atMs: nowMs(),
      actor: 'system',
      action: 'lease.preempt',
      target: `lease:${lease.id}`,
      details: { tenantId: lease.tenantId, preemptAtMs, reason },
    });
    return moved;
  }

  /**
   * Capacity needed by a committed lease: gives the pool's interruptible leases notice (cheapest,
   * newest first) until `gpus` GPUs will be free; undefined when they cannot free that many.
   */
  async reclaim(siteId: string, groupId: string, gpus: number): Promise<Reclaimed | undefined> {
    const active = await this.#options.storage.marketplace.listLeases({ states: ACTIVE_LEASE_STATES });
    const pool = interruptibleIn(active, siteId, groupId);
    const available = pool
      .filter((l) => l.state === 'running' || l.state === 'preempting')
      .reduce((s, l) => s + l.gpus, 0);
    if (available < gpus) return undefined;
    const notice = await this.noticeSeconds(siteId, groupId);
    let atMs = this.#options.nowMs();
    let freed = 0;
    for (const lease of pool.filter((l) => l.state === 'preempting')) {
      freed += lease.gpus;
      atMs = Math.max(atMs, lease.preemptAtMs ?? atMs);
    }
    for (const lease of choosePreemptions(pool, gpus)) {
      const moved = await this.preempt(
        lease,
        notice,
        `capacity needed: a committed lease needs ${gpus} GPUs at ${siteId}`,
      );
      freed += lease.gpus;
      atMs = Math.max(atMs, moved?.preemptAtMs ?? atMs);
    }
    return { gpus: freed, atMs };
  }
}

/** The active interruptible leases of a pool. */
export function interruptibleIn(active: readonly Lease[], siteId: string, groupId: string): Lease[] {
  return active.filter((l) => l.siteId === siteId && l.groupId === groupId && l.tier === 'interruptible');
}
