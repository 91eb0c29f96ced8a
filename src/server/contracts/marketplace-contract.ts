import { type Static, Type } from 'typebox';
import type { Invoice, Lease, Offer, Quote, Tenant } from '../../core/marketplace/index.ts';
import { List } from './list.ts';
import type { SameShape } from './same-shape.ts';

const TierContract = Type.Union([
  Type.Literal('reserved'),
  Type.Literal('on-demand'),
  Type.Literal('interruptible'),
  Type.Literal('batch'),
]);
const LeaseStateContract = Type.Union([
  Type.Literal('pending'),
  Type.Literal('provisioning'),
  Type.Literal('running'),
  Type.Literal('preempting'),
  Type.Literal('preempted'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);
const BillableStateContract = Type.Union([
  Type.Literal('running'),
  Type.Literal('preempting'),
  Type.Literal('reserved'),
]);
const BatchTermsContract = Type.Object({ gpuHours: Type.Number(), deadlineMs: Type.Number() });

export const TenantContract = Type.Object({
  id: Type.String(),
  name: Type.String(),
  spendingLimitCents: Type.Integer(),
  maxGpus: Type.Integer(),
  createdAtMs: Type.Number(),
});

/** A tenant with the GPUs its open leases hold. */
export const TenantViewContract = Type.Object({ ...TenantContract.properties, gpusHeld: Type.Integer() });
export type TenantView = Static<typeof TenantViewContract>;

/** A new tenant and its first API key (shown once). */
export const TenantCreatedContract = Type.Object({ tenant: TenantContract, apiKey: Type.String() });

export const OfferContract = Type.Object({
  siteId: Type.String(),
  groupId: Type.String(),
  region: Type.String(),
  gpuModel: Type.String(),
  gpusPerNode: Type.Integer(),
  totalGpus: Type.Integer(),
  /** GPUs a lease request would get now: unbooked, and placeable on nodes that are up. */
  freeGpus: Type.Integer(),
  greenShare: Type.Number(),
  preemptNoticeSeconds: Type.Number(),
  /** Rate per tier now, cents per GPU-hour (reserved: at the full-discount term). */
  prices: Type.Object({
    reserved: Type.Integer(),
    'on-demand': Type.Integer(),
    interruptible: Type.Integer(),
    batch: Type.Integer(),
  }),
  /** Capacity later: GPUs that reserved terms give back, by when, soonest first. */
  later: List(Type.Object({ atMs: Type.Number(), gpus: Type.Integer() })),
});

export const QuoteContract = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  siteId: Type.String(),
  groupId: Type.String(),
  gpuModel: Type.String(),
  tier: TierContract,
  gpus: Type.Integer(),
  rateCentsPerGpuHour: Type.Integer(),
  components: List(
    Type.Object({ name: Type.String(), centsPerGpuHour: Type.Integer(), basis: Type.String() }),
  ),
  termHours: Type.Optional(Type.Number()),
  batch: Type.Optional(BatchTermsContract),
  greenShare: Type.Number(),
  createdAtMs: Type.Number(),
  expiresAtMs: Type.Number(),
});

export const LeaseContract = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  quoteId: Type.String(),
  idempotencyKey: Type.String(),
  siteId: Type.String(),
  groupId: Type.String(),
  gpuModel: Type.String(),
  tier: TierContract,
  gpus: Type.Integer(),
  rateCentsPerGpuHour: Type.Integer(),
  state: LeaseStateContract,
  createdAtMs: Type.Number(),
  termEndsAtMs: Type.Optional(Type.Number()),
  batch: Type.Optional(BatchTermsContract),
  preemptAtMs: Type.Optional(Type.Number()),
  placements: List(Type.Object({ nodeId: Type.String(), gpus: Type.Integer(), workloadId: Type.String() })),
  transitions: List(Type.Object({ state: LeaseStateContract, atMs: Type.Number(), reason: Type.String() })),
});

/** A lease as the API shows it: the record with what it has used and cost so far. */
export const LeaseViewContract = Type.Object({
  ...LeaseContract.properties,
  usage: Type.Object({ gpuSeconds: Type.Integer(), amountCents: Type.Integer() }),
});
export type LeaseView = Static<typeof LeaseViewContract>;

export const InvoiceContract = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  /** `YYYY-MM` (UTC). */
  month: Type.String(),
  lines: List(
    Type.Object({
      leaseId: Type.String(),
      tier: TierContract,
      siteId: Type.String(),
      gpuModel: Type.String(),
      state: BillableStateContract,
      gpuSeconds: Type.Integer(),
      rateCentsPerGpuHour: Type.Integer(),
      amountCents: Type.Integer(),
      energyWh: Type.Number(),
      greenWh: Type.Number(),
      note: Type.Optional(Type.String()),
    }),
  ),
  totalCents: Type.Integer(),
  energyWh: Type.Number(),
  greenWh: Type.Number(),
  issuedAtMs: Type.Number(),
});

export const pinned: [
  SameShape<Static<typeof TenantContract>, Tenant>,
  SameShape<Static<typeof OfferContract>, Offer>,
  SameShape<Static<typeof QuoteContract>, Quote>,
  SameShape<Static<typeof LeaseContract>, Lease>,
  SameShape<Static<typeof InvoiceContract>, Invoice>,
] = [true, true, true, true, true];
