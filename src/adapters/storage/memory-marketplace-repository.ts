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
} from '../../core/marketplace/marketplace-types.ts';
import type {
  BookingResult,
  LeaseFilter,
  MarketplaceRepository,
  SpendingTerms,
} from '../../core/ports/marketplace-repository.ts';
import { duplicateId } from './duplicate-id.ts';
import {
  isTerminal,
  movableFrom,
  overSpendingLimit,
  poolsBelowBooked,
  quotaBelowHeld,
  sameKey,
  unknownLease,
} from './marketplace-rules.ts';
import { type MemoryMarketplace, pairKey } from './memory-marketplace-state.ts';
import { byText, copy, getOrCreate, type MemoryState } from './memory-state.ts';

/**
 * In-memory MarketplaceRepository with the SQL one's behaviour. Every method runs without an
 * `await` between its reads and writes, so it is atomic (JavaScript runs one at a time), and takes
 * part in MemoryStorage's transactions through the shared MemoryState.
 */
export class MemoryMarketplaceRepository implements MarketplaceRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  /** Read on every call: a rolled-back transaction swaps the state's contents. */
  get #m(): MemoryMarketplace {
    return this.#state.marketplace;
  }

  async createTenant(tenant: Tenant): Promise<void> {
    if (this.#m.tenants.has(tenant.id)) throw duplicateId('tenant', tenant.id);
    this.#m.tenants.set(tenant.id, { tenant: copy(tenant), gpusHeld: 0 });
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    const entry = this.#m.tenants.get(id);
    return entry === undefined ? undefined : copy(entry.tenant);
  }

  async listTenants(): Promise<Tenant[]> {
    return [...this.#m.tenants.values()]
      .map((entry) => copy(entry.tenant))
      .sort((a, b) => byText(a.id, b.id));
  }

  async updateTenant(
    id: string,
    patch: { spendingLimitCents?: number; maxGpus?: number },
  ): Promise<Tenant | undefined> {
    const entry = this.#m.tenants.get(id);
    if (entry === undefined) return undefined;
    if (patch.maxGpus !== undefined && entry.gpusHeld > patch.maxGpus) {
      throw quotaBelowHeld(id, patch.maxGpus, entry.gpusHeld);
    }
    const tenant: Tenant = {
      ...entry.tenant,
      ...(patch.spendingLimitCents === undefined ? {} : { spendingLimitCents: patch.spendingLimitCents }),
      ...(patch.maxGpus === undefined ? {} : { maxGpus: patch.maxGpus }),
    };
    this.#m.tenants.set(id, { tenant, gpusHeld: entry.gpusHeld });
    return copy(tenant);
  }

  async tenantGpusHeld(tenantId: string): Promise<number> {
    return this.#m.tenants.get(tenantId)?.gpusHeld ?? 0;
  }

  async syncPools(pools: readonly GpuPool[]): Promise<void> {
    const current = this.#m.pools;
    const below = pools
      .map((pool) => ({
        siteId: pool.siteId,
        groupId: pool.groupId,
        totalGpus: pool.totalGpus,
        bookedGpus: current.get(pairKey(pool.siteId, pool.groupId))?.bookedGpus ?? 0,
      }))
      .filter((pool) => pool.bookedGpus > pool.totalGpus);
    if (below.length > 0) throw poolsBelowBooked(below);
    const kept = new Set(pools.map((pool) => pairKey(pool.siteId, pool.groupId)));
    for (const [key, pool] of current) {
      if (!kept.has(key) && pool.bookedGpus === 0) current.delete(key);
    }
    for (const pool of pools) {
      const key = pairKey(pool.siteId, pool.groupId);
      current.set(key, {
        siteId: pool.siteId,
        groupId: pool.groupId,
        region: pool.region,
        gpuModel: pool.gpuModel,
        totalGpus: pool.totalGpus,
        gpusPerNode: pool.gpusPerNode,
        preemptNoticeSeconds: pool.preemptNoticeSeconds,
        bookedGpus: current.get(key)?.bookedGpus ?? 0,
      });
    }
  }

  async listPools(): Promise<GpuPoolCapacity[]> {
    return [...this.#m.pools.values()]
      .sort((a, b) => byText(a.siteId, b.siteId) || byText(a.groupId, b.groupId))
      .map(copy);
  }

  async getPool(siteId: string, groupId: string): Promise<GpuPoolCapacity | undefined> {
    const pool = this.#m.pools.get(pairKey(siteId, groupId));
    return pool === undefined ? undefined : copy(pool);
  }

  async saveQuote(quote: Quote): Promise<void> {
    this.#m.quotes.set(quote.id, copy(quote));
  }

  async getQuote(id: string): Promise<Quote | undefined> {
    const quote = this.#m.quotes.get(id);
    return quote === undefined ? undefined : copy(quote);
  }

  /** Refusals in the SQL order: tenant, idempotency key, quote used, pool, capacity, quota, spending. */
  async book(lease: Lease, spending?: SpendingTerms): Promise<BookingResult> {
    const m = this.#m;
    const tenant = m.tenants.get(lease.tenantId);
    if (tenant === undefined) return { ok: false, refusal: { kind: 'unknown-tenant' } };
    const existingId = m.leaseKeys.get(pairKey(lease.tenantId, lease.idempotencyKey));
    if (existingId !== undefined) return sameKey(copy(m.leases.get(existingId)!), lease);
    if (m.quoteUses.has(lease.quoteId)) return { ok: false, refusal: { kind: 'quote-used' } };
    const poolKey = pairKey(lease.siteId, lease.groupId);
    const pool = m.pools.get(poolKey);
    if (pool === undefined) return { ok: false, refusal: { kind: 'unknown-pool' } };
    const take = isTerminal(lease.state) ? 0 : lease.gpus;
    if (pool.bookedGpus + take > pool.totalGpus) {
      return { ok: false, refusal: { kind: 'no-capacity', freeGpus: pool.totalGpus - pool.bookedGpus } };
    }
    if (tenant.gpusHeld + take > tenant.tenant.maxGpus) {
      return {
        ok: false,
        refusal: { kind: 'quota-exceeded', gpusHeld: tenant.gpusHeld, maxGpus: tenant.tenant.maxGpus },
      };
    }
    if (spending !== undefined) {
      const committedCents = [...m.leases.values()]
        .filter((l) => l.tenantId === lease.tenantId && !isTerminal(l.state))
        .reduce((sum, l) => sum + (m.commitments.get(l.id) ?? 0), 0);
      const refusal = overSpendingLimit(spending, committedCents, tenant.tenant.spendingLimitCents);
      if (refusal !== undefined) return { ok: false, refusal };
    }
    if (m.leases.has(lease.id)) throw duplicateId('lease', lease.id);
    m.quoteUses.set(lease.quoteId, lease.id);
    m.commitments.set(lease.id, spending?.commitmentCents ?? 0);
    m.pools.set(poolKey, { ...pool, bookedGpus: pool.bookedGpus + take });
    m.tenants.set(lease.tenantId, { tenant: tenant.tenant, gpusHeld: tenant.gpusHeld + take });
    m.leases.set(lease.id, copy(lease));
    m.leaseKeys.set(pairKey(lease.tenantId, lease.idempotencyKey), lease.id);
    return { ok: true, lease: copy(lease), created: true };
  }

  async getLease(id: string): Promise<Lease | undefined> {
    const lease = this.#m.leases.get(id);
    return lease === undefined ? undefined : copy(lease);
  }

  async leaseByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<Lease | undefined> {
    const lease = [...this.#m.leases.values()].find(
      (l) => l.tenantId === tenantId && l.idempotencyKey === idempotencyKey,
    );
    return lease === undefined ? undefined : copy(lease);
  }

  /** Newest first (creation time, then id). */
  async listLeases(filter: LeaseFilter): Promise<Lease[]> {
    const leases = [...this.#m.leases.values()]
      .filter(
        (lease) =>
          (filter.tenantId === undefined || lease.tenantId === filter.tenantId) &&
          (filter.siteId === undefined || lease.siteId === filter.siteId) &&
          (filter.states === undefined || filter.states.includes(lease.state)),
      )
      .sort((a, b) => b.createdAtMs - a.createdAtMs || byText(b.id, a.id));
    return (filter.limit === undefined ? leases : leases.slice(0, filter.limit)).map(copy);
  }

  async transition(
    id: string,
    from: readonly LeaseState[],
    to: LeaseState,
    atMs: number,
    reason: string,
    patch: { preemptAtMs?: number; placements?: readonly LeasePlacement[] } = {},
  ): Promise<Lease | undefined> {
    const m = this.#m;
    const lease = m.leases.get(id);
    if (lease === undefined || !movableFrom(from).includes(lease.state)) return undefined;
    const moved: Lease = {
      ...lease,
      state: to,
      transitions: [...lease.transitions, { state: to, atMs, reason }],
      ...(patch.preemptAtMs === undefined ? {} : { preemptAtMs: patch.preemptAtMs }),
      ...(patch.placements === undefined ? {} : { placements: copy(patch.placements) }),
    };
    m.leases.set(id, moved);
    if (isTerminal(to)) {
      const poolKey = pairKey(lease.siteId, lease.groupId);
      const pool = m.pools.get(poolKey)!;
      m.pools.set(poolKey, { ...pool, bookedGpus: pool.bookedGpus - lease.gpus });
      const tenant = m.tenants.get(lease.tenantId)!;
      m.tenants.set(lease.tenantId, { tenant: tenant.tenant, gpusHeld: tenant.gpusHeld - lease.gpus });
    }
    return copy(moved);
  }

  async putMeterSegment(segment: MeterSegment): Promise<void> {
    if (!this.#m.leases.has(segment.leaseId)) throw unknownLease(segment.leaseId);
    getOrCreate(this.#m.segments, segment.leaseId, () => new Map()).set(segment.seq, copy(segment));
  }

  async meterSegments(filter: {
    leaseIds?: readonly string[];
    tenantId?: string;
    fromMs: number;
    toMs: number;
  }): Promise<MeterSegment[]> {
    const found: MeterSegment[] = [];
    for (const [leaseId, segments] of this.#m.segments) {
      if (filter.leaseIds !== undefined && !filter.leaseIds.includes(leaseId)) continue;
      if (filter.tenantId !== undefined && this.#m.leases.get(leaseId)?.tenantId !== filter.tenantId)
        continue;
      for (const segment of segments.values()) {
        if (segment.fromMs < filter.toMs && segment.toMs > filter.fromMs) found.push(copy(segment));
      }
    }
    return found.sort((a, b) => byText(a.leaseId, b.leaseId) || a.seq - b.seq);
  }

  async putInvoice(invoice: Invoice): Promise<void> {
    this.#m.invoices.set(pairKey(invoice.tenantId, invoice.month), copy(invoice));
  }

  async getInvoice(tenantId: string, month: string): Promise<Invoice | undefined> {
    const invoice = this.#m.invoices.get(pairKey(tenantId, month));
    return invoice === undefined ? undefined : copy(invoice);
  }

  async listInvoices(filter: { tenantId?: string; month?: string }): Promise<Invoice[]> {
    return [...this.#m.invoices.values()]
      .filter(
        (invoice) =>
          (filter.tenantId === undefined || invoice.tenantId === filter.tenantId) &&
          (filter.month === undefined || invoice.month === filter.month),
      )
      .sort((a, b) => byText(a.tenantId, b.tenantId) || byText(a.month, b.month))
      .map(copy);
  }
}
