import { type Static, Type } from 'typebox';
import type {
  Invoice,
  Lease,
  LeaseWorkload,
  Offer,
  Quote,
  Tenant,
  TenantSshKey,
} from '../../core/marketplace/index.ts';
import type { WorkloadRun } from '../../core/ports/compute-backend.ts';
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

const EnvContract = Type.Record(Type.String(), Type.String());

/** What a lease runs: a script or a command with its environment, or an interactive allocation. */
export const LeaseWorkloadContract = Type.Union([
  Type.Object({ kind: Type.Literal('script'), script: Type.String(), env: Type.Optional(EnvContract) }),
  Type.Object({ kind: Type.Literal('command'), command: Type.String(), env: Type.Optional(EnvContract) }),
  Type.Object({ kind: Type.Literal('interactive'), sshKeyId: Type.Optional(Type.String()) }),
]);

/** How the tenant reaches an interactive allocation. */
export const WorkloadConnectionContract = Type.Object({
  host: Type.String(),
  port: Type.Integer(),
  user: Type.String(),
  node: Type.String(),
  command: Type.String(),
});

/** A registered SSH public key (the key is public; the API shows it with its fingerprint). */
export const TenantSshKeyContract = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  type: Type.Union([
    Type.Literal('ssh-ed25519'),
    Type.Literal('ssh-rsa'),
    Type.Literal('ecdsa-sha2-nistp256'),
    Type.Literal('ecdsa-sha2-nistp384'),
    Type.Literal('ecdsa-sha2-nistp521'),
    Type.Literal('sk-ssh-ed25519@openssh.com'),
    Type.Literal('sk-ecdsa-sha2-nistp256@openssh.com'),
  ]),
  fingerprint: Type.String(),
  bits: Type.Integer(),
  publicKey: Type.String(),
  comment: Type.String(),
  createdAtMs: Type.Number(),
});

export type TenantSshKeyView = Static<typeof TenantSshKeyContract>;

/** One run of a workload on the scheduler: where, its state, exit status and output. */
export const WorkloadRunContract = Type.Object({
  workloadId: Type.String(),
  jobId: Type.String(),
  node: Type.String(),
  state: Type.String(),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  output: Type.String(),
  connect: Type.Optional(WorkloadConnectionContract),
});

/** What the API shows of a lease's workload: its spec (secrets redacted) and its runs. */
export const WorkloadViewContract = Type.Object({
  spec: Type.Union([LeaseWorkloadContract, Type.Null()]),
  runs: List(WorkloadRunContract),
});
export type WorkloadView = Static<typeof WorkloadViewContract>;

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
  workload: Type.Optional(LeaseWorkloadContract),
});

/** A lease as the API shows it: the record with what it has used and cost so far. */
export const LeaseViewContract = Type.Object({
  ...LeaseContract.properties,
  workload: WorkloadViewContract,
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
  SameShape<Static<typeof LeaseWorkloadContract>, LeaseWorkload>,
  SameShape<Static<typeof WorkloadRunContract>, WorkloadRun>,
  SameShape<Static<typeof TenantSshKeyContract>, TenantSshKey>,
] = [true, true, true, true, true, true, true, true];
