import type {
  GpuPool,
  Invoice,
  Lease,
  MeterSegment,
  Quote,
  Tenant,
} from '../../core/marketplace/marketplace-types.ts';

/**
 * Factories for marketplace records that tests seed (the contract suite, tests of services). Each
 * gives a complete, valid value; pass the fields a test cares about.
 */

const T0 = Date.UTC(2024, 0, 1);

export function tenantFixture(id: string, overrides: Partial<Tenant> = {}): Tenant {
  return {
    id,
    name: `Tenant ${id}`,
    spendingLimitCents: 5_000_000,
    maxGpus: 64,
    createdAtMs: T0,
    ...overrides,
  };
}

export function poolFixture(siteId: string, groupId: string, overrides: Partial<GpuPool> = {}): GpuPool {
  return {
    siteId,
    groupId,
    region: 'north-america',
    gpuModel: 'H100',
    totalGpus: 16,
    gpusPerNode: 8,
    preemptNoticeSeconds: 120,
    ...overrides,
  };
}

export function quoteFixture(
  id: string,
  tenantId: string,
  pool: GpuPool,
  overrides: Partial<Quote> = {},
): Quote {
  return {
    id,
    tenantId,
    siteId: pool.siteId,
    groupId: pool.groupId,
    gpuModel: pool.gpuModel,
    tier: 'on-demand',
    gpus: 2,
    rateCentsPerGpuHour: 249,
    components: [
      { name: 'energy', centsPerGpuHour: 31, basis: '0.7 kW x PUE 1.2 at $37/MWh' },
      { name: 'list', centsPerGpuHour: 218, basis: 'list price for H100 on-demand' },
    ],
    greenShare: 0.42,
    createdAtMs: T0,
    expiresAtMs: T0 + 300_000,
    ...overrides,
  };
}

/** A `pending` lease of `gpus` GPUs in `pool`, its idempotency key its id unless given. */
export function leaseFixture(
  id: string,
  tenantId: string,
  pool: GpuPool,
  overrides: Partial<Lease> = {},
): Lease {
  const createdAtMs = overrides.createdAtMs ?? T0;
  return {
    id,
    tenantId,
    quoteId: `quote-of-${id}`,
    idempotencyKey: id,
    siteId: pool.siteId,
    groupId: pool.groupId,
    gpuModel: pool.gpuModel,
    tier: 'on-demand',
    gpus: 1,
    rateCentsPerGpuHour: 249,
    state: 'pending',
    createdAtMs,
    placements: [],
    transitions: [{ state: 'pending', atMs: createdAtMs, reason: 'booked' }],
    ...overrides,
  };
}

export function segmentFixture(
  leaseId: string,
  seq: number,
  overrides: Partial<MeterSegment> = {},
): MeterSegment {
  return {
    leaseId,
    seq,
    state: 'running',
    fromMs: T0 + seq * 3_600_000,
    toMs: T0 + (seq + 1) * 3_600_000,
    gpus: 2,
    energyWh: 1_680.5,
    greenWh: 705.25,
    ...overrides,
  };
}

export function invoiceFixture(
  id: string,
  tenantId: string,
  month: string,
  overrides: Partial<Invoice> = {},
): Invoice {
  return {
    id,
    tenantId,
    month,
    lines: [
      {
        leaseId: `lease-of-${id}`,
        tier: 'on-demand',
        siteId: 'tx-west-1',
        gpuModel: 'H100',
        state: 'running',
        gpuSeconds: 7_200,
        rateCentsPerGpuHour: 249,
        amountCents: 498,
        energyWh: 1_680.5,
        greenWh: 705.25,
      },
      {
        leaseId: `batch-of-${id}`,
        tier: 'batch',
        siteId: 'tx-west-1',
        gpuModel: 'H100',
        state: 'running',
        gpuSeconds: 3_600,
        rateCentsPerGpuHour: 120,
        amountCents: 0,
        energyWh: 700,
        greenWh: 0,
        note: 'missed its deadline: not charged',
      },
    ],
    totalCents: 498,
    energyWh: 2_380.5,
    greenWh: 705.25,
    issuedAtMs: T0 + 40 * 86_400_000,
    ...overrides,
  };
}
