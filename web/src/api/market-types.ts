/** The GPU marketplace's JSON (under /api/v1/market): money in integer cents, times epoch ms. */

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

export const FINAL_STATES: readonly LeaseState[] = ['preempted', 'completed', 'failed', 'cancelled'];

export interface Offer {
  readonly siteId: string;
  readonly groupId: string;
  readonly region: string;
  readonly gpuModel: string;
  readonly gpusPerNode: number;
  readonly totalGpus: number;
  readonly freeGpus: number;
  readonly greenShare: number;
  readonly preemptNoticeSeconds: number;
  /** Cents per GPU-hour by tier. */
  readonly prices: Readonly<Record<Tier, number>>;
}

export interface PriceComponent {
  readonly name: string;
  readonly centsPerGpuHour: number;
  readonly basis: string;
}

export interface BatchTerms {
  readonly gpuHours: number;
  readonly deadlineMs: number;
  readonly maxCentsPerGpuHour?: number;
}

export interface Quote {
  readonly id: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly groupId: string;
  readonly gpuModel: string;
  readonly tier: Tier;
  readonly gpus: number;
  readonly rateCentsPerGpuHour: number;
  readonly components: readonly PriceComponent[];
  readonly termHours?: number;
  readonly batch?: BatchTerms;
  readonly greenShare: number;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
}

export interface QuoteRequest {
  readonly siteId: string;
  readonly groupId: string;
  readonly tier: Tier;
  readonly gpus: number;
  readonly termDays?: number;
  readonly batch?: { gpuHours: number; deadlineMs: number; maxCentsPerGpuHour: number };
}

export interface Lease {
  readonly id: string;
  readonly tenantId: string;
  readonly quoteId: string;
  readonly siteId: string;
  readonly groupId: string;
  readonly gpuModel: string;
  readonly tier: Tier;
  readonly gpus: number;
  readonly rateCentsPerGpuHour: number;
  readonly state: LeaseState;
  readonly createdAtMs: number;
  readonly termEndsAtMs?: number;
  readonly batch?: BatchTerms;
  readonly preemptAtMs?: number;
  readonly placements: ReadonlyArray<{ nodeId: string; gpus: number; workloadId?: string }>;
  readonly transitions: ReadonlyArray<{ state: LeaseState; atMs: number; reason: string }>;
  readonly usage?: { gpuSeconds: number; amountCents: number };
}

export interface InvoiceLine {
  readonly leaseId: string;
  readonly tier: Tier;
  readonly siteId: string;
  readonly gpuModel: string;
  readonly state: string;
  readonly gpuSeconds: number;
  readonly rateCentsPerGpuHour: number;
  readonly amountCents: number;
  readonly energyWh: number;
  readonly greenWh: number;
  readonly note?: string;
}

export interface Invoice {
  readonly id: string;
  readonly tenantId: string;
  readonly month: string;
  readonly lines: readonly InvoiceLine[];
  readonly totalCents: number;
  readonly energyWh: number;
  readonly greenWh: number;
  readonly issuedAtMs: number;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly spendingLimitCents: number;
  readonly maxGpus: number;
  readonly createdAtMs: number;
  readonly gpusHeld: number;
}
