import type { GpuOpportunityCost } from '../economics/gpu-opportunity-cost.ts';
import { type ListPrices, normalise } from './list-prices.ts';
import type { GpuPoolCapacity, Lease, Tier } from './marketplace-types.ts';
import { TIERS } from './marketplace-types.ts';
import { type PricingPolicy, priceFloor } from './price-quote.ts';

/** What a hub's pool costs now: list prices, the energy opportunity cost, and its green share. */
export interface PoolPricing {
  readonly list: ListPrices;
  readonly opportunity: GpuOpportunityCost;
  readonly greenShare: number;
  /** GPUs the compute backend can place now (nodes up and free); undefined when unknown. */
  readonly placeableGpus?: number;
}

export interface Offer {
  readonly siteId: string;
  readonly groupId: string;
  readonly region: string;
  readonly gpuModel: string;
  readonly gpusPerNode: number;
  readonly totalGpus: number;
  /** GPUs a lease request would get now: unbooked, and placeable on nodes that are up. */
  readonly freeGpus: number;
  readonly greenShare: number;
  readonly preemptNoticeSeconds: number;
  /** Rate per tier now, cents per GPU-hour (reserved: at the full-discount term). */
  readonly prices: Readonly<Record<Tier, number>>;
  /** Capacity later: GPUs that reserved terms give back, by when, soonest first. */
  readonly later: readonly { readonly atMs: number; readonly gpus: number }[];
}

export interface OfferFilter {
  readonly gpuModel?: string;
  readonly region?: string;
  readonly siteId?: string;
  readonly minFreeGpus?: number;
  /** Sort by this tier's price (default on-demand). */
  readonly tier?: Tier;
  readonly sort?: 'price' | 'green' | 'free';
}

/**
 * Offers from the pools: only capacity a lease request would actually get (unbooked GPUs, no more
 * than the nodes can place), priced as a quote would be. Pools without a price (no reference price
 * for the model) are not offered. Sorted by price (cheapest first), green share or free GPUs
 * (most first), then by hub for a stable order.
 */
export function buildOffers(
  pools: readonly GpuPoolCapacity[],
  pricing: (pool: GpuPoolCapacity) => PoolPricing | undefined,
  policy: PricingPolicy,
  filter: OfferFilter = {},
  reservations: readonly Pick<Lease, 'siteId' | 'groupId' | 'gpus' | 'termEndsAtMs'>[] = [],
): Offer[] {
  const offers: Offer[] = [];
  for (const pool of pools) {
    if (filter.siteId && pool.siteId !== filter.siteId) continue;
    if (filter.region && pool.region !== filter.region) continue;
    if (filter.gpuModel && normalise(pool.gpuModel) !== normalise(filter.gpuModel)) continue;
    const priced = pricing(pool);
    if (!priced) continue;
    const unbooked = Math.max(0, pool.totalGpus - pool.bookedGpus);
    const freeGpus = Math.min(unbooked, priced.placeableGpus ?? unbooked);
    if (freeGpus < (filter.minFreeGpus ?? 0)) continue;
    const { floor } = priceFloor(priced.opportunity, policy);
    const prices = Object.fromEntries(
      TIERS.map((tier) => [tier, Math.max(priced.list[tier], floor)]),
    ) as Record<Tier, number>;
    offers.push({
      siteId: pool.siteId,
      groupId: pool.groupId,
      region: pool.region,
      gpuModel: pool.gpuModel,
      gpusPerNode: pool.gpusPerNode,
      totalGpus: pool.totalGpus,
      freeGpus,
      greenShare: priced.greenShare,
      preemptNoticeSeconds: pool.preemptNoticeSeconds,
      prices,
      later: reservations
        .filter((r) => r.siteId === pool.siteId && r.groupId === pool.groupId && r.termEndsAtMs !== undefined)
        .map((r) => ({ atMs: r.termEndsAtMs!, gpus: r.gpus }))
        .sort((a, b) => a.atMs - b.atMs),
    });
  }
  const tier = filter.tier ?? 'on-demand';
  const key: Record<NonNullable<OfferFilter['sort']>, (o: Offer) => number> = {
    price: (o) => o.prices[tier],
    green: (o) => -o.greenShare,
    free: (o) => -o.freeGpus,
  };
  const by = key[filter.sort ?? 'price'];
  return offers.sort(
    (a, b) => by(a) - by(b) || `${a.siteId}/${a.groupId}`.localeCompare(`${b.siteId}/${b.groupId}`),
  );
}
