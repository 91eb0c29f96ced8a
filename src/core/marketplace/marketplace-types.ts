import type { LeaseWorkload } from './lease-workload.ts';

/**
 * The GPU marketplace's records: tenants, capacity pools, quotes, leases, meter segments and
 * invoices. Times are epoch milliseconds (UTC). Money is integer cents; a GPU-hour rate is integer
 * cents per GPU-hour. Nothing here is a float that money is computed from.
 */

/** reserved: a fixed-price term, never interrupted. on-demand: until stopped, never interrupted.
 * interruptible: cheapest, may be preempted with notice, pays only for time run. batch: N GPU-hours
 * before a deadline at a maximum price, placed by the allocator in cheap hours. */
export type Tier = 'reserved' | 'on-demand' | 'interruptible' | 'batch';
export const TIERS: readonly Tier[] = ['reserved', 'on-demand', 'interruptible', 'batch'];

export type LeaseState =
  | 'pending'
  | 'provisioning'
  | 'running'
  | 'preempting'
  | 'preempted'
  | 'completed'
  | 'failed'
  | 'cancelled';

/** States a lease never leaves; a lease in one of these holds no capacity. */
export const TERMINAL_STATES: readonly LeaseState[] = ['preempted', 'completed', 'failed', 'cancelled'];

export interface Tenant {
  readonly id: string;
  readonly name: string;
  /** Most the tenant may be charged in one calendar month (UTC), cents. */
  readonly spendingLimitCents: number;
  /** Most GPUs the tenant may hold in leases at once. */
  readonly maxGpus: number;
  readonly createdAtMs: number;
}

/** One leasable GPU group at a hub (a fleet file's `gpuNodes` group): the unit capacity is booked in. */
export interface GpuPool {
  readonly siteId: string;
  readonly groupId: string;
  readonly region: string;
  readonly gpuModel: string;
  /** GPUs in the group. */
  readonly totalGpus: number;
  /** GPUs per node: a lease takes whole GPUs, placed on as few nodes as fit. */
  readonly gpusPerNode: number;
  /** Notice an interruptible lease gets before preemption at this hub, seconds (default 120). */
  readonly preemptNoticeSeconds: number;
}

/** A pool with the GPUs currently booked by leases that are not in a terminal state. */
export interface GpuPoolCapacity extends GpuPool {
  readonly bookedGpus: number;
}

/** One named part of a quoted rate, cents per GPU-hour; the components sum to the rate. */
export interface PriceComponent {
  /** Stable name: `list`, `energy`, `mining-forgone`, `margin`, `term-discount`, ... */
  readonly name: string;
  readonly centsPerGpuHour: number;
  /** How it was worked out, in words. */
  readonly basis: string;
}

export interface BatchTerms {
  /** GPU-hours to run. */
  readonly gpuHours: number;
  /** Everything must run before this time, epoch ms. */
  readonly deadlineMs: number;
}

export interface Quote {
  readonly id: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly groupId: string;
  readonly gpuModel: string;
  readonly tier: Tier;
  readonly gpus: number;
  /** The rate the lease will be billed at, cents per GPU-hour (for batch: the most it pays). */
  readonly rateCentsPerGpuHour: number;
  readonly components: readonly PriceComponent[];
  /** Reserved only: length of the term, hours. */
  readonly termHours?: number;
  readonly batch?: BatchTerms;
  /** Share of the hub's energy that is green, 0-1, when quoted. */
  readonly greenShare: number;
  readonly createdAtMs: number;
  /** A lease must be created from this quote before this time. */
  readonly expiresAtMs: number;
}

export interface LeaseTransition {
  readonly state: LeaseState;
  readonly atMs: number;
  readonly reason: string;
}

/** Where a lease runs: GPUs on a node, and the workload the compute backend started for it. */
export interface LeasePlacement {
  readonly nodeId: string;
  readonly gpus: number;
  readonly workloadId: string;
}

export interface Lease {
  readonly id: string;
  readonly tenantId: string;
  readonly quoteId: string;
  /** Unique per tenant: creating a lease again with the same key returns the first lease. */
  readonly idempotencyKey: string;
  readonly siteId: string;
  readonly groupId: string;
  readonly gpuModel: string;
  readonly tier: Tier;
  readonly gpus: number;
  readonly rateCentsPerGpuHour: number;
  readonly state: LeaseState;
  readonly createdAtMs: number;
  /** Reserved: end of the term. */
  readonly termEndsAtMs?: number;
  readonly batch?: BatchTerms;
  /** Interruptible: when the preemption notice runs out (set on entering `preempting`). */
  readonly preemptAtMs?: number;
  readonly placements: readonly LeasePlacement[];
  /** Oldest first; the last one is the current state. */
  readonly transitions: readonly LeaseTransition[];
  /** What runs on the GPUs (a script, a command, or an interactive allocation); none: GPUs held. */
  readonly workload?: LeaseWorkload;
}

/** States a tenant is billed for while in them, as named on invoices. */
export type BillableState = 'running' | 'preempting' | 'reserved';

/**
 * A stretch of a lease in one billable state, measured from the node's reports. `seq` numbers a
 * lease's segments; the open segment is extended (same seq) as reports arrive.
 */
export interface MeterSegment {
  readonly leaseId: string;
  readonly seq: number;
  readonly state: BillableState;
  readonly fromMs: number;
  readonly toMs: number;
  readonly gpus: number;
  /** Energy the lease's GPUs drew in the segment (node reports x PUE), Wh. */
  readonly energyWh: number;
  /** Of which green (renewable or green-contracted), Wh. */
  readonly greenWh: number;
}

export interface InvoiceLine {
  readonly leaseId: string;
  readonly tier: Tier;
  readonly siteId: string;
  readonly gpuModel: string;
  readonly state: BillableState;
  /** Whole GPU-seconds billed in the month. */
  readonly gpuSeconds: number;
  readonly rateCentsPerGpuHour: number;
  /** round-half-up(gpuSeconds x rate / 3600). */
  readonly amountCents: number;
  readonly energyWh: number;
  readonly greenWh: number;
  /** Why a line is not charged (a batch job that missed its deadline), or other notes. */
  readonly note?: string;
}

export interface Invoice {
  readonly id: string;
  readonly tenantId: string;
  /** `YYYY-MM` (UTC). */
  readonly month: string;
  readonly lines: readonly InvoiceLine[];
  readonly totalCents: number;
  readonly energyWh: number;
  readonly greenWh: number;
  readonly issuedAtMs: number;
}
