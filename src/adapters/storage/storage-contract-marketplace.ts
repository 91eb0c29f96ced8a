import { beforeAll, describe, expect, it } from 'vitest';
import type { GpuPool, Lease } from '../../core/marketplace/marketplace-types.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { leaseFixture, poolFixture, quoteFixture, tenantFixture } from './marketplace-fixtures.ts';
import { BASE_MS, type ContractContext } from './storage-contract-context.ts';

/**
 * The marketplace repository: tenants, pools, quotes and booking (lease transitions, meter segments
 * and invoices: storage-contract-leases.ts). Called inside the Storage contract's describe
 * (storage.contract.ts). `syncPools` replaces the whole set of pools, so each test syncs the pools
 * it uses before using them.
 */
export function marketplaceContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
  });
  const { market, setup, booked, bookOk } = marketplaceHelpers(ctx);

  describe('marketplace: tenants', () => {
    it('creates, reads, lists and updates tenants; a duplicate id is a conflict', async () => {
      const [b, a] = [uid('tenant-b'), uid('tenant-a')];
      await market().createTenant(tenantFixture(b));
      await market().createTenant(tenantFixture(a, { maxGpus: 8 }));
      expect(await market().getTenant(a)).toStrictEqual(tenantFixture(a, { maxGpus: 8 }));
      expect(await market().getTenant(uid('tenant'))).toBeUndefined();
      const listed = (await market().listTenants()).filter((t) => t.id === a || t.id === b);
      expect(listed).toStrictEqual([tenantFixture(a, { maxGpus: 8 }), tenantFixture(b)]);
      await expect(market().createTenant(tenantFixture(a, { name: 'other' }))).rejects.toMatchObject({
        code: 'SY_ERR_STORAGE_CONFLICT',
      });
      const updated = await market().updateTenant(a, { spendingLimitCents: 12_345 });
      expect(updated).toStrictEqual(tenantFixture(a, { maxGpus: 8, spendingLimitCents: 12_345 }));
      expect(await market().updateTenant(a, { maxGpus: 3 })).toMatchObject({
        maxGpus: 3,
        spendingLimitCents: 12_345,
      });
      expect(await market().getTenant(a)).toMatchObject({ maxGpus: 3, name: `Tenant ${a}` });
      expect(await market().updateTenant(uid('tenant'), { maxGpus: 3 })).toBeUndefined();
      expect(await market().tenantGpusHeld(uid('tenant'))).toBe(0);
    });

    it('refuses a quota below the GPUs the tenant holds, changing nothing', async () => {
      const { tenantId, pool } = await setup(16, 10);
      await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 6 }));
      await expect(
        market().updateTenant(tenantId, { maxGpus: 5, spendingLimitCents: 1 }),
      ).rejects.toMatchObject({
        code: 'SY_ERR_STORAGE_CONFLICT',
        details: { tenantId, maxGpus: 5, gpusHeld: 6 },
      });
      expect(await market().getTenant(tenantId)).toStrictEqual(tenantFixture(tenantId, { maxGpus: 10 }));
      expect((await market().updateTenant(tenantId, { maxGpus: 6 }))?.maxGpus).toBe(6);
    });
  });

  describe('marketplace: pools', () => {
    it('inserts, updates and removes unbooked pools to match the fleet', async () => {
      const { tenantId } = await setup();
      const site = uid('site');
      const [a, b, c] = [poolFixture(site, 'a'), poolFixture(site, 'b'), poolFixture(site, 'c')];
      await market().syncPools([b, a]);
      const ours = async () => (await market().listPools()).filter((p) => p.siteId === site);
      expect(await ours()).toStrictEqual([
        { ...a, bookedGpus: 0 },
        { ...b, bookedGpus: 0 },
      ]);
      const lease = await bookOk(leaseFixture(uid('lease'), tenantId, a, { gpus: 3 }));
      const b2 = { ...b, totalGpus: 32, gpuModel: 'H200', region: 'europe', preemptNoticeSeconds: 30 };
      await market().syncPools([b2, c]);
      // a is no longer in the fleet but holds a booking: it stays until its leases end.
      expect(await ours()).toStrictEqual([
        { ...a, bookedGpus: 3 },
        { ...b2, bookedGpus: 0 },
        { ...c, bookedGpus: 0 },
      ]);
      await market().transition(lease.id, ['pending'], 'cancelled', 2, 'stopped');
      await market().syncPools([b2, c]);
      expect((await ours()).map((p) => p.groupId)).toEqual(['b', 'c']);
      expect(await market().getPool(site, 'a')).toBeUndefined();
      expect(await market().getPool(site, 'c')).toStrictEqual({ ...c, bookedGpus: 0 });
    });

    it('refuses a total below the booked GPUs with SY_ERR_STORAGE_CONFLICT and changes nothing', async () => {
      const { tenantId, pool } = await setup(8);
      const other = poolFixture(pool.siteId, 'other', { totalGpus: 4 });
      await market().syncPools([pool, other]);
      await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 6 }));
      const added = poolFixture(pool.siteId, 'added');
      const error = await market()
        .syncPools([{ ...pool, totalGpus: 5 }, { ...other, totalGpus: 10 }, added])
        .catch((e) => e);
      expect(error).toMatchObject({
        code: 'SY_ERR_STORAGE_CONFLICT',
        details: { pools: [{ siteId: pool.siteId, groupId: 'h100', totalGpus: 5, bookedGpus: 6 }] },
      });
      expect(await market().getPool(pool.siteId, 'h100')).toStrictEqual({ ...pool, bookedGpus: 6 });
      expect(await market().getPool(pool.siteId, 'other')).toStrictEqual({ ...other, bookedGpus: 0 });
      expect(await market().getPool(pool.siteId, 'added')).toBeUndefined();
      await market().syncPools([{ ...pool, totalGpus: 6 }]);
      expect(await market().getPool(pool.siteId, 'h100')).toMatchObject({ totalGpus: 6, bookedGpus: 6 });
    });
  });

  describe('marketplace: quotes', () => {
    it('stores quotes as given and replaces one saved again', async () => {
      const pool = poolFixture(uid('site'), 'h100');
      const onDemand = quoteFixture(uid('quote'), uid('tenant'), pool);
      const reserved = quoteFixture(uid('quote'), 'acme', pool, { tier: 'reserved', termHours: 720 });
      const batch = quoteFixture(uid('quote'), 'acme', pool, {
        tier: 'batch',
        batch: { gpuHours: 1_000.5, deadlineMs: Date.UTC(2024, 1, 1) },
        greenShare: 1,
      });
      for (const quote of [onDemand, reserved, batch]) await market().saveQuote(quote);
      expect(await market().getQuote(onDemand.id)).toStrictEqual(onDemand);
      expect(await market().getQuote(reserved.id)).toStrictEqual(reserved);
      expect(await market().getQuote(batch.id)).toStrictEqual(batch);
      expect(await market().getQuote(uid('quote'))).toBeUndefined();
      await market().saveQuote({ ...onDemand, rateCentsPerGpuHour: 199 });
      expect((await market().getQuote(onDemand.id))?.rateCentsPerGpuHour).toBe(199);
    });
  });

  describe('marketplace: booking', () => {
    it('books a lease: stored as given, GPUs taken from the pool and the quota', async () => {
      const { tenantId, pool } = await setup();
      const lease = leaseFixture(uid('lease'), tenantId, pool, {
        gpus: 4,
        tier: 'reserved',
        termEndsAtMs: Date.UTC(2024, 1, 1),
      });
      expect(await market().book(lease)).toStrictEqual({ ok: true, lease, created: true });
      expect(await market().getLease(lease.id)).toStrictEqual(lease);
      const batch = leaseFixture(uid('lease'), tenantId, pool, {
        tier: 'batch',
        batch: { gpuHours: 12.5, deadlineMs: Date.UTC(2024, 0, 3) },
      });
      await bookOk(batch);
      expect(await market().getLease(batch.id)).toStrictEqual(batch);
      expect(await market().getLease(uid('lease'))).toBeUndefined();
      expect(await booked(pool)).toBe(5);
      expect(await market().tenantGpusHeld(tenantId)).toBe(5);
    });

    it('refuses a lease that does not fit with the free GPUs, changing nothing', async () => {
      const { tenantId, pool } = await setup(8);
      await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 6 }));
      const tooBig = leaseFixture(uid('lease'), tenantId, pool, { gpus: 4 });
      expect(await market().book(tooBig)).toStrictEqual({
        ok: false,
        refusal: { kind: 'no-capacity', freeGpus: 2 },
      });
      expect(await market().getLease(tooBig.id)).toBeUndefined();
      expect(await booked(pool)).toBe(6);
      expect(await market().tenantGpusHeld(tenantId)).toBe(6);
      await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 2 }));
      expect(await booked(pool)).toBe(8);
    });

    it('refuses a lease past the quota without leaving the pool half-booked', async () => {
      const { tenantId, pool } = await setup(16, 4);
      await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 3 }));
      const over = leaseFixture(uid('lease'), tenantId, pool, { gpus: 2 });
      expect(await market().book(over)).toStrictEqual({
        ok: false,
        refusal: { kind: 'quota-exceeded', gpusHeld: 3, maxGpus: 4 },
      });
      expect(await market().getLease(over.id)).toBeUndefined();
      expect(await booked(pool)).toBe(3);
      expect(await market().tenantGpusHeld(tenantId)).toBe(3);
    });

    it('refuses an unknown tenant or pool', async () => {
      const { tenantId, pool } = await setup();
      expect(await market().book(leaseFixture(uid('lease'), uid('tenant'), pool))).toStrictEqual({
        ok: false,
        refusal: { kind: 'unknown-tenant' },
      });
      const nowhere = poolFixture(uid('site'), 'h100');
      expect(await market().book(leaseFixture(uid('lease'), tenantId, nowhere))).toStrictEqual({
        ok: false,
        refusal: { kind: 'unknown-pool' },
      });
      expect(await booked(pool)).toBe(0);
    });

    it('returns the stored lease for a key used again, and refuses it for another quote', async () => {
      const { tenantId, pool } = await setup();
      const keyed = { gpus: 2, idempotencyKey: 'k-1', quoteId: uid('quote') };
      const first = await bookOk(leaseFixture(uid('lease'), tenantId, pool, keyed));
      // A retry of the same request: same key and quote, a new lease id (and a different time).
      const again = leaseFixture(uid('lease'), tenantId, pool, { ...keyed, createdAtMs: BASE_MS + 5 });
      expect(await market().book(again)).toStrictEqual({ ok: true, lease: first, created: false });
      const otherQuote = { ...again, quoteId: uid('quote') };
      expect(await market().book(otherQuote)).toStrictEqual({
        ok: false,
        refusal: { kind: 'idempotency-conflict', existing: first },
      });
      expect(await market().getLease(again.id)).toBeUndefined();
      expect(await booked(pool)).toBe(2);
      // Keys are per tenant.
      const other = uid('tenant');
      await market().createTenant(tenantFixture(other));
      const theirs = leaseFixture(uid('lease'), other, pool, { idempotencyKey: 'k-1' });
      expect((await market().book(theirs)).ok).toBe(true);
      expect(await market().leaseByIdempotencyKey(tenantId, 'k-1')).toStrictEqual(first);
      expect((await market().leaseByIdempotencyKey(other, 'k-1'))?.id).toBe(theirs.id);
      expect(await market().leaseByIdempotencyKey(tenantId, 'k-unused')).toBeUndefined();
    });

    it('refuses a lease id already stored under another key, changing nothing', async () => {
      const { tenantId, pool } = await setup();
      const lease = await bookOk(leaseFixture(uid('lease'), tenantId, pool));
      await expect(
        market().book({ ...lease, idempotencyKey: uid('key'), quoteId: uid('quote') }),
      ).rejects.toMatchObject({
        code: 'SY_ERR_STORAGE_CONFLICT',
      });
      expect(await booked(pool)).toBe(1);
      expect(await market().tenantGpusHeld(tenantId)).toBe(1);
    });

    it('books one lease for racing requests with one key, and never more GPUs than the pool has', async () => {
      const { tenantId, pool } = await setup(5);
      const sameKey = await Promise.all(
        Array.from({ length: 10 }, () =>
          market().book(leaseFixture(uid('lease'), tenantId, pool, { idempotencyKey: 'race', quoteId: 'q' })),
        ),
      );
      expect(sameKey.filter((r) => r.ok && r.created)).toHaveLength(1);
      const ids = new Set(sameKey.map((r) => (r.ok ? r.lease.id : 'refused')));
      expect(ids.size).toBe(1);
      const racing = await Promise.all(
        Array.from({ length: 20 }, () => market().book(leaseFixture(uid('lease'), tenantId, pool))),
      );
      expect(racing.filter((r) => r.ok)).toHaveLength(4);
      expect(racing.filter((r) => !r.ok && r.refusal.kind === 'no-capacity')).toHaveLength(16);
      expect(await booked(pool)).toBe(5);
      expect(await market().tenantGpusHeld(tenantId)).toBe(5);
    });

    it('rolls a booking back with the transaction it was made in', async () => {
      const { tenantId, pool } = await setup();
      const lease = leaseFixture(uid('lease'), tenantId, pool, { gpus: 3 });
      const failure = new Error('rolled back');
      const thrown = await storage
        .transaction(async (tx) => {
          expect((await tx.marketplace.book(lease)).ok).toBe(true);
          expect(await tx.marketplace.tenantGpusHeld(tenantId)).toBe(3);
          expect((await tx.marketplace.getLease(lease.id))?.id).toBe(lease.id);
          throw failure;
        })
        .catch((e) => e);
      expect(thrown).toBe(failure);
      expect(await market().getLease(lease.id)).toBeUndefined();
      expect(await booked(pool)).toBe(0);
      expect(await market().tenantGpusHeld(tenantId)).toBe(0);
    });
  });
}

/** What the marketplace parts of the contract share. */
export function marketplaceHelpers(ctx: ContractContext) {
  const market = () => ctx.storage().marketplace;
  /** A tenant with `maxGpus` and a fresh pool of `totalGpus`, synced as the only pool. */
  const setup = async (totalGpus = 16, maxGpus = 64) => {
    const tenantId = ctx.uid('tenant');
    await market().createTenant(tenantFixture(tenantId, { maxGpus }));
    const pool = poolFixture(ctx.uid('site'), 'h100', { totalGpus });
    await market().syncPools([pool]);
    return { tenantId, pool };
  };
  const booked = async (pool: GpuPool) => (await market().getPool(pool.siteId, pool.groupId))?.bookedGpus;
  const bookOk = async (lease: Lease) => {
    const result = await market().book(lease);
    if (!result.ok) throw new Error(`booking refused: ${JSON.stringify(result.refusal)}`);
    return result.lease;
  };
  return { market, setup, booked, bookOk };
}
