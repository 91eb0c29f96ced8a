import { randomUUID } from 'node:crypto';
import { SwitchyardError } from '../../../core/errors/index.ts';
import type { Fleet } from '../../../core/fleet/index.ts';
import {
  buildOffers,
  chargeCents,
  type GpuPool,
  type Lease,
  monthOf,
  type Offer,
  type OfferFilter,
  type PricingPolicy,
  priceQuote,
  type Quote,
  type QuoteRequest,
  type Tenant,
} from '../../../core/marketplace/index.ts';
import type {
  BookingRefusal,
  LeaseFilter,
  SpendingTerms,
} from '../../../core/ports/marketplace-repository.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import type { FleetService } from '../fleet-service.ts';
import { poolsOfFleet } from './gpu-pools.ts';
import type { InvoiceService } from './invoice-service.ts';
import type { Reclaimed } from './lease-preemption.ts';
import type { PoolPricer } from './pool-pricing.ts';

const POOL_SYNC_MS = 5_000;
const TENANT_CACHE_MS = 5_000;

/**
 * The marketplace's use cases: offers, quotes, and booking leases against a quote. Pools follow
 * the stored fleet (synced at most every few seconds). Booking is atomic in the repository (capacity,
 * quota, the quote's single use, the spending limit); this checks the quote's owner and expiry.
 */
export class MarketplaceService {
  private synced: { atMs: number; fleet: Fleet | undefined } | undefined;
  /** Tenants read recently (limits change rarely; a change takes effect within seconds). */
  private readonly tenants = new Map<string, { tenant: Tenant; atMs: number }>();
  /** Pools by `site/group` as last synced (their definitions; bookings are read when booking). */
  private pools = new Map<string, GpuPool>();

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
    private readonly fleetService: FleetService,
    private readonly pricer: PoolPricer,
    private readonly invoices: InvoiceService,
    private readonly policy: PricingPolicy,
    /**
     * Gives interruptible leases in a pool notice so that `gpus` more GPUs free up for a committed
     * (on-demand or reserved) lease; returns the GPUs reclaimed and when (none: no reclaiming).
     */
    private readonly reclaim?: (
      siteId: string,
      groupId: string,
      gpus: number,
    ) => Promise<Reclaimed | undefined>,
  ) {}

  /** The fleet, with the pools made to match it. */
  async fleet(): Promise<Fleet | undefined> {
    const now = Date.now();
    if (this.synced && now - this.synced.atMs < POOL_SYNC_MS) return this.synced.fleet;
    const fleet = await this.fleetService.fleet();
    const pools = fleet ? poolsOfFleet(fleet) : [];
    // A fleet change that would drop a pool below its bookings is refused by the database; leases
    // keep running on the pools as they were, and selling goes on (the change is retried next sync).
    if (fleet) {
      await this.storage.marketplace.syncPools(pools).catch((error: Error) =>
        this.storage.alerts.raise({
          atMs: this.nowMs(),
          severity: 'warning',
          kind: 'market.pools-not-synced',
          message: `GPU pools keep their old sizes: ${error.message}`,
        }),
      );
    }
    this.pools = new Map(pools.map((p) => [`${p.siteId}/${p.groupId}`, p]));
    this.synced = { atMs: now, fleet };
    return fleet;
  }

  async offers(filter: OfferFilter): Promise<Offer[]> {
    const fleet = await this.fleet();
    if (!fleet) return [];
    const pools = await this.storage.marketplace.listPools();
    const priced = new Map(
      await Promise.all(
        pools.map(
          async (p) => [`${p.siteId}/${p.groupId}`, await this.pricer.price(fleet, p, true)] as const,
        ),
      ),
    );
    const reserved = (
      await this.storage.marketplace.listLeases({ states: ['pending', 'provisioning', 'running'] })
    ).filter((l) => l.tier === 'reserved');
    return buildOffers(pools, (p) => priced.get(`${p.siteId}/${p.groupId}`), this.policy, filter, reserved);
  }

  async quote(tenantId: string, request: QuoteRequest & { siteId: string; groupId: string }): Promise<Quote> {
    await this.tenant(tenantId);
    const fleet = await this.fleet();
    const pool = this.pools.get(`${request.siteId}/${request.groupId}`);
    if (!fleet || !pool) {
      throw new SwitchyardError(
        'SY_ERR_NOT_FOUND',
        `no GPU group ${request.groupId} at hub ${request.siteId}; see GET /api/v1/market/offers`,
        { field: 'groupId' },
      );
    }
    const priced = await this.pricer.price(fleet, pool, false);
    if (!priced) {
      throw new SwitchyardError(
        'SY_ERR_DATA_NOT_COVERED',
        `no energy price or list price for ${pool.gpuModel} at ${pool.siteId} now`,
        { siteId: pool.siteId },
      );
    }
    const now = this.nowMs();
    const priceTerms = priceQuote(priced.list, priced.opportunity, request, this.policy, now);
    const quote: Quote = {
      id: randomUUID(),
      tenantId,
      siteId: pool.siteId,
      groupId: pool.groupId,
      gpuModel: pool.gpuModel,
      tier: request.tier,
      gpus: request.gpus,
      rateCentsPerGpuHour: priceTerms.rateCentsPerGpuHour,
      components: priceTerms.components,
      termHours: priceTerms.termHours,
      batch: request.batch
        ? { gpuHours: request.batch.gpuHours, deadlineMs: request.batch.deadlineMs }
        : undefined,
      greenShare: priced.greenShare,
      createdAtMs: now,
      expiresAtMs: priceTerms.expiresAtMs,
    };
    await this.storage.marketplace.saveQuote(quote);
    return quote;
  }

  /** Books a lease from a quote; the same idempotency key returns the first lease (`created: false`). */
  async lease(
    tenantId: string,
    quoteId: string,
    idempotencyKey: string,
  ): Promise<{ lease: Lease; created: boolean }> {
    const quote = await this.storage.marketplace.getQuote(quoteId);
    if (!quote || quote.tenantId !== tenantId) {
      throw new SwitchyardError('SY_ERR_NOT_FOUND', `no quote ${quoteId} for this tenant`, {
        field: 'quoteId',
      });
    }
    const again = await this.storage.marketplace.leaseByIdempotencyKey(tenantId, idempotencyKey);
    if (again && again.quoteId === quoteId) return { lease: again, created: false };
    const now = this.nowMs();
    if (now > quote.expiresAtMs) {
      throw new SwitchyardError(
        'SY_ERR_MARKET_QUOTE_EXPIRED',
        `quote ${quoteId} expired at ${new Date(quote.expiresAtMs).toISOString()}; ask for a new quote`,
        { quoteId, expiresAtMs: quote.expiresAtMs },
      );
    }
    const lease: Lease = {
      id: randomUUID(),
      tenantId,
      quoteId,
      idempotencyKey,
      siteId: quote.siteId,
      groupId: quote.groupId,
      gpuModel: quote.gpuModel,
      tier: quote.tier,
      gpus: quote.gpus,
      rateCentsPerGpuHour: quote.rateCentsPerGpuHour,
      state: 'pending',
      createdAtMs: now,
      termEndsAtMs: quote.termHours ? now + quote.termHours * 3_600_000 : undefined,
      batch: quote.batch,
      placements: [],
      transitions: [{ state: 'pending', atMs: now, reason: `booked from quote ${quoteId}` }],
    };
    const result = await this.storage.marketplace.book(lease, await this.spendingTerms(tenantId, quote, now));
    if (!result.ok) {
      const refusal = result.refusal;
      if (
        refusal.kind === 'no-capacity' &&
        (quote.tier === 'on-demand' || quote.tier === 'reserved') &&
        this.reclaim
      ) {
        const reclaimed = await this.reclaim(quote.siteId, quote.groupId, quote.gpus - refusal.freeGpus);
        if (reclaimed) {
          throw new SwitchyardError(
            'SY_ERR_MARKET_NO_CAPACITY',
            `${quote.siteId} has ${refusal.freeGpus} free ${quote.gpuModel} GPUs; ${reclaimed.gpus} more are being reclaimed from interruptible leases with notice and are free from ${new Date(reclaimed.atMs).toISOString()}: ask for a new quote then`,
            {
              freeGpus: refusal.freeGpus,
              wanted: quote.gpus,
              reclaimingGpus: reclaimed.gpus,
              freeFromMs: reclaimed.atMs,
            },
          );
        }
      }
      throw refusalError(refusal, quote);
    }
    return { lease: result.lease, created: result.created };
  }

  async leases(filter: LeaseFilter): Promise<Lease[]> {
    return this.storage.marketplace.listLeases(filter);
  }

  /** A lease, if `tenantId` (when given) owns it; otherwise NOT_FOUND (never says whose it is). */
  async get(leaseId: string, tenantId?: string): Promise<Lease> {
    const lease = await this.storage.marketplace.getLease(leaseId);
    if (!lease || (tenantId !== undefined && lease.tenantId !== tenantId)) {
      throw new SwitchyardError('SY_ERR_NOT_FOUND', `no lease ${leaseId}`, { leaseId });
    }
    return lease;
  }

  private async tenant(tenantId: string) {
    const cached = this.tenants.get(tenantId);
    if (cached && Date.now() - cached.atMs < TENANT_CACHE_MS) return cached.tenant;
    const tenant = await this.storage.marketplace.getTenant(tenantId);
    if (tenant) this.tenants.set(tenantId, { tenant, atMs: Date.now() });
    if (!tenant) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no tenant ${tenantId}`, { tenantId });
    return tenant;
  }

  /**
   * What a booking is held to: what the lease commits the tenant to (a reserved term in full, a
   * batch job's GPU-hours, an hour of anything else, as GPU clouds ask an hour of balance to start)
   * and the month's charges so far. The repository adds the open leases' commitments and refuses
   * the booking atomically when the sum passes the limit.
   */
  private async spendingTerms(tenantId: string, quote: Quote, now: number): Promise<SpendingTerms> {
    const gpuHours = quote.termHours ? quote.termHours * quote.gpus : (quote.batch?.gpuHours ?? quote.gpus);
    return {
      commitmentCents: chargeCents(Math.round(gpuHours * 3600), quote.rateCentsPerGpuHour),
      spentCents: await this.invoices.spentCents(tenantId, monthOf(now)),
    };
  }
}

function refusalError(refusal: BookingRefusal, quote: Quote): SwitchyardError {
  switch (refusal.kind) {
    case 'no-capacity':
      return new SwitchyardError(
        'SY_ERR_MARKET_NO_CAPACITY',
        `${quote.siteId} has ${refusal.freeGpus} free ${quote.gpuModel} GPUs; this lease needs ${quote.gpus}`,
        { freeGpus: refusal.freeGpus, wanted: quote.gpus },
      );
    case 'quota-exceeded':
      return new SwitchyardError(
        'SY_ERR_MARKET_QUOTA_EXCEEDED',
        `the tenant holds ${refusal.gpusHeld} GPUs of its quota of ${refusal.maxGpus}; this lease needs ${quote.gpus}`,
        { gpusHeld: refusal.gpusHeld, maxGpus: refusal.maxGpus, wanted: quote.gpus },
      );
    case 'quote-used':
      return new SwitchyardError(
        'SY_ERR_MARKET_QUOTE_USED',
        `quote ${quote.id} already booked a lease; ask for a new quote`,
        { quoteId: quote.id, field: 'quoteId' },
      );
    case 'spending-limit':
      return new SwitchyardError(
        'SY_ERR_MARKET_SPENDING_LIMIT',
        `this lease commits ${cents(refusal.commitmentCents)}; ${cents(refusal.spentCents)} is charged this month and open leases commit ${cents(refusal.committedCents)}; the limit is ${cents(refusal.limitCents)}`,
        {
          spentCents: refusal.spentCents,
          committedCents: refusal.committedCents,
          commitmentCents: refusal.commitmentCents,
          limitCents: refusal.limitCents,
        },
      );
    case 'idempotency-conflict':
      return new SwitchyardError(
        'SY_ERR_MARKET_IDEMPOTENCY_CONFLICT',
        `the idempotency key was used for lease ${refusal.existing.id} from quote ${refusal.existing.quoteId}`,
        { leaseId: refusal.existing.id },
      );
    default:
      return new SwitchyardError('SY_ERR_NOT_FOUND', `no such ${refusal.kind.replace('unknown-', '')}`, {});
  }
}

function cents(value: number): string {
  return `$${(value / 100).toFixed(2)}`;
}
