import type {
  GpuPool,
  GpuPoolCapacity,
  Invoice,
  Lease,
  LeasePlacement,
  LeaseState,
  MeterSegment,
  Quote,
  Tenant,
} from '../marketplace/marketplace-types.ts';

/** Why a booking was refused; the service turns each into a stable error code. */
export type BookingRefusal =
  | { readonly kind: 'no-capacity'; readonly freeGpus: number }
  | { readonly kind: 'quota-exceeded'; readonly gpusHeld: number; readonly maxGpus: number }
  | { readonly kind: 'unknown-pool' }
  | { readonly kind: 'unknown-tenant' }
  | { readonly kind: 'idempotency-conflict'; readonly existing: Lease }
  /** The quote already booked a lease (a quote is single-use). */
  | { readonly kind: 'quote-used' }
  /** Charges this month plus open leases' commitments plus this one would pass the tenant's limit. */
  | {
      readonly kind: 'spending-limit';
      readonly spentCents: number;
      readonly committedCents: number;
      readonly commitmentCents: number;
      readonly limitCents: number;
    };

/** What a booking is held to besides capacity and quota: the tenant's monthly spending limit. */
export interface SpendingTerms {
  /** What this lease commits the tenant to, cents (see MarketplaceService: reserved whole term, else an hour). */
  readonly commitmentCents: number;
  /** The tenant's charges so far this month, cents. */
  readonly spentCents: number;
}

export type BookingResult =
  | { readonly ok: true; readonly lease: Lease; readonly created: boolean }
  | { readonly ok: false; readonly refusal: BookingRefusal };

export interface LeaseFilter {
  readonly tenantId?: string;
  readonly siteId?: string;
  readonly states?: readonly LeaseState[];
  readonly limit?: number;
}

/**
 * The marketplace's records. Capacity is booked atomically and enforced by the database: the GPUs
 * booked in a pool (leases not in a terminal state) never exceed its total, and a tenant's never
 * exceed its quota, however many requests race.
 */
export interface MarketplaceRepository {
  createTenant(tenant: Tenant): Promise<void>;
  getTenant(id: string): Promise<Tenant | undefined>;
  listTenants(): Promise<Tenant[]>;
  updateTenant(
    id: string,
    patch: { spendingLimitCents?: number; maxGpus?: number },
  ): Promise<Tenant | undefined>;
  /** GPUs the tenant holds in leases not in a terminal state. */
  tenantGpusHeld(tenantId: string): Promise<number>;

  /**
   * Makes the pools match the fleet: inserts new pools, updates totals and details, removes pools
   * no longer in the fleet that hold no bookings. A total below what is booked is refused
   * (SY_ERR_STORAGE_CONFLICT) and nothing changes.
   */
  syncPools(pools: readonly GpuPool[]): Promise<void>;
  listPools(): Promise<GpuPoolCapacity[]>;
  getPool(siteId: string, groupId: string): Promise<GpuPoolCapacity | undefined>;

  saveQuote(quote: Quote): Promise<void>;
  getQuote(id: string): Promise<Quote | undefined>;

  /**
   * Books a lease in one transaction: if the tenant already has a lease with this idempotency key,
   * returns it (`created: false`; a different quote under the same key is refused); otherwise
   * takes `lease.gpus` from the pool and the tenant's quota, or refuses with the free GPUs, and
   * stores the lease (its state and transitions as given, normally `pending`).
   * A quote books one lease: another booking of `lease.quoteId` under another key is refused
   * (`quote-used`). With `spending`, the booking is refused (`spending-limit`) when the month's
   * charges, the commitments of the tenant's open leases and this one pass its spending limit;
   * bookings of one tenant are serialised, so racing bookings cannot pass it together.
   */
  book(lease: Lease, spending?: SpendingTerms): Promise<BookingResult>;
  getLease(id: string): Promise<Lease | undefined>;
  /** The tenant's lease booked under this idempotency key, if any. */
  leaseByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<Lease | undefined>;
  listLeases(filter: LeaseFilter): Promise<Lease[]>;
  /**
   * Moves a lease to `to` if it is now in one of `from` (compare-and-set), appending the
   * transition and applying `patch`. Entering a terminal state releases its GPUs in the same
   * transaction. Returns the updated lease, or undefined when the lease is not in `from`.
   */
  transition(
    id: string,
    from: readonly LeaseState[],
    to: LeaseState,
    atMs: number,
    reason: string,
    patch?: { preemptAtMs?: number; placements?: readonly LeasePlacement[] },
  ): Promise<Lease | undefined>;

  /** Inserts or replaces the segment (leaseId, seq). */
  putMeterSegment(segment: MeterSegment): Promise<void>;
  /** Segments of the given leases (or all of a tenant's leases) overlapping [fromMs, toMs), by lease then seq. */
  meterSegments(filter: {
    leaseIds?: readonly string[];
    tenantId?: string;
    fromMs: number;
    toMs: number;
  }): Promise<MeterSegment[]>;

  /** Stores the invoice; an invoice for the same tenant and month is replaced (re-issued). */
  putInvoice(invoice: Invoice): Promise<void>;
  getInvoice(tenantId: string, month: string): Promise<Invoice | undefined>;
  listInvoices(filter: { tenantId?: string; month?: string }): Promise<Invoice[]>;
}
