import type {
  BatchTerms,
  BillableState,
  GpuPoolCapacity,
  Invoice,
  InvoiceLine,
  Lease,
  LeasePlacement,
  LeaseState,
  LeaseTransition,
  MeterSegment,
  PriceComponent,
  Quote,
  Tenant,
  Tier,
} from '../../core/marketplace/marketplace-types.ts';
import { num, present } from './sql-values.ts';

/** The marketplace tables' rows, their column lists and their conversion to records. */

export interface TenantRow {
  id: string;
  name: string;
  spending_limit_cents: number;
  max_gpus: number;
  gpus_held: number;
  created_at_ms: number;
}

export const TENANT_COLUMNS = 'id, name, spending_limit_cents, max_gpus, gpus_held, created_at_ms';

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    spendingLimitCents: num(row.spending_limit_cents),
    maxGpus: num(row.max_gpus),
    createdAtMs: num(row.created_at_ms),
  };
}

export interface PoolRow {
  site_id: string;
  group_id: string;
  region: string;
  gpu_model: string;
  total_gpus: number;
  gpus_per_node: number;
  preempt_notice_seconds: number;
  booked_gpus: number;
}

export const POOL_COLUMNS =
  'site_id, group_id, region, gpu_model, total_gpus, gpus_per_node, preempt_notice_seconds, booked_gpus';

export function toPool(row: PoolRow): GpuPoolCapacity {
  return {
    siteId: row.site_id,
    groupId: row.group_id,
    region: row.region,
    gpuModel: row.gpu_model,
    totalGpus: num(row.total_gpus),
    gpusPerNode: num(row.gpus_per_node),
    preemptNoticeSeconds: num(row.preempt_notice_seconds),
    bookedGpus: num(row.booked_gpus),
  };
}

export interface QuoteRow {
  id: string;
  tenant_id: string;
  site_id: string;
  group_id: string;
  gpu_model: string;
  tier: Tier;
  gpus: number;
  rate_cents_per_gpu_hour: number;
  components: PriceComponent[];
  term_hours: number | null;
  batch_gpu_hours: number | null;
  batch_deadline_ms: number | null;
  green_share: number;
  created_at_ms: number;
  expires_at_ms: number;
}

export const QUOTE_COLUMNS = `id, tenant_id, site_id, group_id, gpu_model, tier, gpus, rate_cents_per_gpu_hour, components,
  term_hours, batch_gpu_hours, batch_deadline_ms, green_share, created_at_ms, expires_at_ms`;

export function toQuote(row: QuoteRow): Quote {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    siteId: row.site_id,
    groupId: row.group_id,
    gpuModel: row.gpu_model,
    tier: row.tier,
    gpus: num(row.gpus),
    rateCentsPerGpuHour: num(row.rate_cents_per_gpu_hour),
    components: row.components,
    ...present('termHours', row.term_hours === null ? null : num(row.term_hours)),
    ...present('batch', toBatch(row.batch_gpu_hours, row.batch_deadline_ms)),
    greenShare: num(row.green_share),
    createdAtMs: num(row.created_at_ms),
    expiresAtMs: num(row.expires_at_ms),
  };
}

export interface LeaseRow {
  id: string;
  tenant_id: string;
  quote_id: string;
  idempotency_key: string;
  site_id: string;
  group_id: string;
  gpu_model: string;
  tier: Tier;
  gpus: number;
  rate_cents_per_gpu_hour: number;
  state: LeaseState;
  created_at_ms: number;
  term_ends_at_ms: number | null;
  batch_gpu_hours: number | null;
  batch_deadline_ms: number | null;
  preempt_at_ms: number | null;
  placements: LeasePlacement[];
  transitions: LeaseTransition[];
}

export const LEASE_COLUMNS = `id, tenant_id, quote_id, idempotency_key, site_id, group_id, gpu_model, tier, gpus,
  rate_cents_per_gpu_hour, state, created_at_ms, term_ends_at_ms, batch_gpu_hours, batch_deadline_ms, preempt_at_ms,
  placements, transitions`;

export function toLease(row: LeaseRow): Lease {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    quoteId: row.quote_id,
    idempotencyKey: row.idempotency_key,
    siteId: row.site_id,
    groupId: row.group_id,
    gpuModel: row.gpu_model,
    tier: row.tier,
    gpus: num(row.gpus),
    rateCentsPerGpuHour: num(row.rate_cents_per_gpu_hour),
    state: row.state,
    createdAtMs: num(row.created_at_ms),
    ...present('termEndsAtMs', row.term_ends_at_ms === null ? null : num(row.term_ends_at_ms)),
    ...present('batch', toBatch(row.batch_gpu_hours, row.batch_deadline_ms)),
    ...present('preemptAtMs', row.preempt_at_ms === null ? null : num(row.preempt_at_ms)),
    placements: row.placements,
    transitions: row.transitions,
  };
}

export interface SegmentRow {
  lease_id: string;
  seq: number;
  state: BillableState;
  from_ms: number;
  to_ms: number;
  gpus: number;
  energy_wh: number;
  green_wh: number;
}

export const SEGMENT_COLUMNS = 'lease_id, seq, state, from_ms, to_ms, gpus, energy_wh, green_wh';

export function toSegment(row: SegmentRow): MeterSegment {
  return {
    leaseId: row.lease_id,
    seq: num(row.seq),
    state: row.state,
    fromMs: num(row.from_ms),
    toMs: num(row.to_ms),
    gpus: num(row.gpus),
    energyWh: num(row.energy_wh),
    greenWh: num(row.green_wh),
  };
}

export interface InvoiceRow {
  id: string;
  tenant_id: string;
  month: string;
  lines: InvoiceLine[];
  total_cents: number;
  energy_wh: number;
  green_wh: number;
  issued_at_ms: number;
}

export const INVOICE_COLUMNS = 'id, tenant_id, month, lines, total_cents, energy_wh, green_wh, issued_at_ms';

export function toInvoice(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    month: row.month,
    lines: row.lines,
    totalCents: num(row.total_cents),
    energyWh: num(row.energy_wh),
    greenWh: num(row.green_wh),
    issuedAtMs: num(row.issued_at_ms),
  };
}

function toBatch(gpuHours: number | null, deadlineMs: number | null): BatchTerms | null {
  return gpuHours === null || deadlineMs === null
    ? null
    : { gpuHours: num(gpuHours), deadlineMs: num(deadlineMs) };
}
