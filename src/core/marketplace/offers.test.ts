import { describe, expect, it } from 'vitest';
import { choosePreemptions } from './choose-preemptions.ts';
import type { GpuPoolCapacity } from './marketplace-types.ts';
import { buildOffers, type PoolPricing } from './offers.ts';
import { defaultPricingPolicy } from './price-quote.ts';
import { leaseFixture, opportunityFixture } from './testing-fixtures.ts';

const pool = (over: Partial<GpuPoolCapacity>): GpuPoolCapacity => ({
  siteId: 'ga-hub',
  groupId: 'h100',
  region: 'us-southeast',
  gpuModel: 'H100 SXM',
  totalGpus: 64,
  gpusPerNode: 8,
  preemptNoticeSeconds: 120,
  bookedGpus: 0,
  ...over,
});
const pricing = (over: Partial<PoolPricing> = {}): PoolPricing => ({
  list: { 'on-demand': 249, reserved: 199, interruptible: 120, batch: 108 },
  opportunity: opportunityFixture(0.05),
  greenShare: 0.4,
  ...over,
});

describe('buildOffers', () => {
  it('offers only GPUs that are unbooked and placeable, filtered and sorted', () => {
    const pools = [
      pool({ siteId: 'a', bookedGpus: 60 }),
      pool({ siteId: 'b', bookedGpus: 0 }),
      pool({ siteId: 'c', gpuModel: 'L40S' }),
    ];
    const priced = (p: GpuPoolCapacity) =>
      p.siteId === 'b'
        ? pricing({ placeableGpus: 16, greenShare: 0.9 })
        : pricing({ opportunity: opportunityFixture(2.5) });
    const offers = buildOffers(pools, priced, defaultPricingPolicy, {
      gpuModel: 'h100 sxm',
      sort: 'price',
      tier: 'interruptible',
    });
    expect(offers.map((o) => [o.siteId, o.freeGpus, o.prices.interruptible])).toEqual([
      ['b', 16, 120],
      ['a', 4, 288], // floor: 250 + ceil(37.5) = 288 during a spike
    ]);
    expect(
      buildOffers(pools, priced, defaultPricingPolicy, { minFreeGpus: 5, sort: 'green' }).map(
        (o) => o.siteId,
      ),
    ).toEqual(['b', 'c']);
  });

  it('lists the capacity reserved terms give back later, soonest first', () => {
    const offers = buildOffers([pool({ bookedGpus: 24 })], () => pricing(), defaultPricingPolicy, {}, [
      { siteId: 'ga-hub', groupId: 'h100', gpus: 16, termEndsAtMs: 2_000 },
      { siteId: 'ga-hub', groupId: 'h100', gpus: 8, termEndsAtMs: 1_000 },
      { siteId: 'other', groupId: 'h100', gpus: 8, termEndsAtMs: 500 },
    ]);
    expect(offers[0]!.later).toEqual([
      { atMs: 1_000, gpus: 8 },
      { atMs: 2_000, gpus: 16 },
    ]);
  });

  it('leaves out pools without a price', () => {
    expect(buildOffers([pool({})], () => undefined, defaultPricingPolicy)).toEqual([]);
  });
});

describe('choosePreemptions', () => {
  it('takes the cheapest, then the newest, interruptible leases until enough GPUs are freed', () => {
    const leases = [
      leaseFixture({ id: 'od', tier: 'on-demand', gpus: 8, rateCentsPerGpuHour: 10 }),
      leaseFixture({
        id: 'cheap-old',
        tier: 'interruptible',
        gpus: 4,
        rateCentsPerGpuHour: 100,
        createdAtMs: 1,
      }),
      leaseFixture({
        id: 'cheap-new',
        tier: 'interruptible',
        gpus: 4,
        rateCentsPerGpuHour: 100,
        createdAtMs: 2,
      }),
      leaseFixture({ id: 'dear', tier: 'interruptible', gpus: 8, rateCentsPerGpuHour: 150 }),
    ];
    expect(choosePreemptions(leases, 6).map((l) => l.id)).toEqual(['cheap-new', 'cheap-old']);
    expect(choosePreemptions(leases, 0)).toEqual([]);
    const noticed = [
      ...leases,
      leaseFixture({ id: 'noticed', tier: 'interruptible', state: 'preempting', gpus: 4 }),
    ];
    expect(choosePreemptions(noticed, 6).map((l) => l.id)).toEqual(['cheap-new']);
  });
});
