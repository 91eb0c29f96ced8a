import { beforeAll, describe, expect, it } from 'vitest';
import type { Lease, LeasePlacement } from '../../core/marketplace/marketplace-types.ts';
import type { Storage } from '../../core/ports/storage.ts';
import {
  invoiceFixture,
  leaseFixture,
  poolFixture,
  segmentFixture,
  tenantFixture,
} from './marketplace-fixtures.ts';
import { BASE_MS, type ContractContext, HOUR_MS } from './storage-contract-context.ts';
import { marketplaceHelpers } from './storage-contract-marketplace.ts';

/** Lease transitions and listings, meter segments and invoices. Called inside the Storage contract's describe (storage.contract.ts). */
export function leasesContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
  });
  const { market, setup, booked, bookOk } = marketplaceHelpers(ctx);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  describe('marketplace: lease transitions', () => {
    it('moves a lease only from the given states, appending the transition and applying the patch', async () => {
      const { tenantId, pool } = await setup();
      const lease = await bookOk(
        leaseFixture(uid('lease'), tenantId, pool, { gpus: 2, tier: 'interruptible' }),
      );
      const placements: LeasePlacement[] = [{ nodeId: 'node-1', gpus: 2, workloadId: 'wl-1' }];
      const provisioning = await market().transition(
        lease.id,
        ['pending'],
        'provisioning',
        BASE_MS + 1,
        'placed',
        {
          placements,
        },
      );
      expect(provisioning).toStrictEqual({
        ...lease,
        state: 'provisioning',
        placements,
        transitions: [...lease.transitions, { state: 'provisioning', atMs: BASE_MS + 1, reason: 'placed' }],
      });
      // Compare-and-set: the lease is no longer pending, so nothing changes.
      expect(
        await market().transition(lease.id, ['pending'], 'running', BASE_MS + 2, 'late'),
      ).toBeUndefined();
      expect(await market().transition(lease.id, [], 'running', BASE_MS + 2, 'none')).toBeUndefined();
      expect(await market().getLease(lease.id)).toStrictEqual(provisioning);
      expect(await market().transition(uid('lease'), ['pending'], 'running', BASE_MS, 'x')).toBeUndefined();

      const running = await market().transition(
        lease.id,
        ['pending', 'provisioning'],
        'running',
        BASE_MS + 3,
        'up',
      );
      const preempting = await market().transition(
        lease.id,
        ['running'],
        'preempting',
        BASE_MS + 4,
        'outbid',
        {
          preemptAtMs: BASE_MS + 124_000,
        },
      );
      expect(running?.state).toBe('running');
      expect(preempting).toStrictEqual({
        ...running,
        state: 'preempting',
        preemptAtMs: BASE_MS + 124_000,
        transitions: [...running!.transitions, { state: 'preempting', atMs: BASE_MS + 4, reason: 'outbid' }],
      });
      expect(await market().getLease(lease.id)).toStrictEqual(preempting);
      expect(await booked(pool)).toBe(2);
      expect(await market().tenantGpusHeld(tenantId)).toBe(2);
    });

    it('releases the GPUs on entering a terminal state, once, and never leaves it', async () => {
      const { tenantId, pool } = await setup(8, 10);
      const a = await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 3 }));
      const b = await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 5 }));
      expect(await booked(pool)).toBe(8);
      expect((await market().transition(a.id, ['pending'], 'preempted', 1, 'notice over'))?.state).toBe(
        'preempted',
      );
      expect(await booked(pool)).toBe(5);
      expect(await market().tenantGpusHeld(tenantId)).toBe(5);
      expect(await market().transition(a.id, ['preempted', 'pending'], 'failed', 2, 'again')).toBeUndefined();
      expect(await market().transition(a.id, ['preempted'], 'running', 2, 'revive')).toBeUndefined();
      expect((await market().getLease(a.id))?.state).toBe('preempted');
      expect(await booked(pool)).toBe(5);

      // Racing stops of one lease: one wins, its GPUs are released once.
      const stops = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          market().transition(b.id, ['pending', 'running'], 'cancelled', 3, `${i}`),
        ),
      );
      expect(stops.filter((lease) => lease !== undefined)).toHaveLength(1);
      expect((await market().getLease(b.id))?.transitions).toHaveLength(2);
      expect(await booked(pool)).toBe(0);
      expect(await market().tenantGpusHeld(tenantId)).toBe(0);
      await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 8 }));
      expect(await booked(pool)).toBe(8);
    });

    it('rolls a transition back with the transaction it was made in', async () => {
      const { tenantId, pool } = await setup();
      const lease = await bookOk(leaseFixture(uid('lease'), tenantId, pool, { gpus: 4 }));
      const thrown = await storage
        .transaction(async (tx) => {
          expect(
            await tx.marketplace.transition(lease.id, ['pending'], 'completed', 9, 'done'),
          ).toBeDefined();
          expect(await tx.marketplace.tenantGpusHeld(tenantId)).toBe(0);
          throw new Error('rolled back');
        })
        .catch((e) => e);
      expect(thrown).toMatchObject({ message: 'rolled back' });
      expect(await market().getLease(lease.id)).toStrictEqual(lease);
      expect(await booked(pool)).toBe(4);
      expect(await market().tenantGpusHeld(tenantId)).toBe(4);
    });

    it('lists leases newest first, by tenant, site, state and limit', async () => {
      const [a, b] = [uid('tenant'), uid('tenant')];
      for (const id of [a, b]) await market().createTenant(tenantFixture(id));
      const [p1, p2] = [poolFixture(uid('site'), 'h100'), poolFixture(uid('site'), 'h100')];
      await market().syncPools([p1, p2]);
      const make = (tenantId: string, pool: typeof p1, createdAtMs: number) =>
        bookOk(leaseFixture(uid('lease'), tenantId, pool, { createdAtMs }));
      const a1 = await make(a, p1, BASE_MS + 1);
      const a2 = await make(a, p2, BASE_MS + 3);
      const b1 = await make(b, p1, BASE_MS + 2);
      const a3 = await make(a, p1, BASE_MS + 3);
      const running = await market().transition(a2.id, ['pending'], 'running', BASE_MS + 4, 'up');
      const newest = [a2, a3].sort(byId).reverse();
      const current = (lease: Lease) => (lease.id === a2.id ? running : lease);
      expect(await market().listLeases({ tenantId: a })).toStrictEqual([...newest, a1].map(current));
      expect(await market().listLeases({ tenantId: a, siteId: p1.siteId })).toStrictEqual([a3, a1]);
      expect(await market().listLeases({ siteId: p1.siteId })).toStrictEqual([a3, b1, a1]);
      expect(await market().listLeases({ tenantId: a, states: ['running'] })).toStrictEqual([running]);
      expect(await market().listLeases({ tenantId: a, states: ['pending', 'failed'] })).toStrictEqual([
        a3,
        a1,
      ]);
      expect(await market().listLeases({ tenantId: a, states: [] })).toStrictEqual([]);
      expect(await market().listLeases({ tenantId: a, limit: 2 })).toStrictEqual(newest.map(current));
      expect(await market().listLeases({ tenantId: uid('tenant') })).toStrictEqual([]);
    });
  });

  describe('marketplace: meter segments', () => {
    it('stores segments by (lease, seq), replacing one put again, and finds them by lease, tenant and time', async () => {
      const { tenantId, pool } = await setup();
      const other = uid('tenant');
      await market().createTenant(tenantFixture(other));
      const [l1, l2] = [
        await bookOk(leaseFixture(uid('lease'), tenantId, pool)),
        await bookOk(leaseFixture(uid('lease'), tenantId, pool)),
      ].sort(byId);
      const l3 = await bookOk(leaseFixture(uid('lease'), other, pool));
      const s11 = segmentFixture(l1!.id, 1, { state: 'preempting' });
      const s10 = segmentFixture(l1!.id, 0);
      const s20 = segmentFixture(l2!.id, 0, { state: 'reserved', gpus: 1 });
      const s30 = segmentFixture(l3.id, 0);
      for (const segment of [s11, s10, s20, s30]) await market().putMeterSegment(segment);
      const s10Extended = { ...s10, toMs: s10.toMs + HOUR_MS / 2, energyWh: 2_500.75 };
      await market().putMeterSegment(s10Extended);

      const all = { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };
      expect(await market().meterSegments({ ...all, leaseIds: [l1!.id] })).toStrictEqual([s10Extended, s11]);
      expect(await market().meterSegments({ ...all, tenantId })).toStrictEqual([s10Extended, s11, s20]);
      expect(await market().meterSegments({ ...all, tenantId: other })).toStrictEqual([s30]);
      expect(await market().meterSegments({ ...all, tenantId, leaseIds: [l2!.id, l3.id] })).toStrictEqual([
        s20,
      ]);
      expect(await market().meterSegments({ ...all, leaseIds: [] })).toStrictEqual([]);
      // Overlapping [from, to): a segment ending at `from` or starting at `to` is outside.
      const window = { fromMs: s11.fromMs, toMs: s11.toMs, leaseIds: [l1!.id, l2!.id] };
      expect(await market().meterSegments(window)).toStrictEqual([s10Extended, s11]);
      expect(await market().meterSegments({ ...window, fromMs: s10Extended.toMs })).toStrictEqual([s11]);
      expect(await market().meterSegments({ ...window, fromMs: 0, toMs: s11.fromMs })).toStrictEqual([
        s10Extended,
        s20,
      ]);
      expect(await market().meterSegments({ ...window, fromMs: 0, toMs: s10.fromMs })).toStrictEqual([]);
    });

    it('refuses a segment of a lease that is not stored with SY_ERR_NOT_FOUND', async () => {
      const leaseId = uid('lease');
      await expect(market().putMeterSegment(segmentFixture(leaseId, 0))).rejects.toMatchObject({
        code: 'SY_ERR_NOT_FOUND',
        details: { leaseId },
      });
      expect(await market().meterSegments({ leaseIds: [leaseId], fromMs: 0, toMs: BASE_MS * 2 })).toEqual([]);
    });
  });

  describe('marketplace: invoices', () => {
    it('stores, re-issues, reads and lists invoices by tenant and month', async () => {
      const [a, b] = [uid('tenant'), uid('tenant')].sort();
      const aJan = invoiceFixture(uid('inv'), a!, '2024-01');
      const aFeb = invoiceFixture(uid('inv'), a!, '2024-02', {
        lines: [],
        totalCents: 0,
        energyWh: 0,
        greenWh: 0,
      });
      const bJan = invoiceFixture(uid('inv'), b!, '2024-01');
      for (const invoice of [aFeb, bJan, aJan]) await market().putInvoice(invoice);
      expect(await market().getInvoice(a!, '2024-01')).toStrictEqual(aJan);
      expect(await market().getInvoice(a!, '2024-03')).toBeUndefined();
      const reissued = invoiceFixture(uid('inv'), a!, '2024-01', {
        totalCents: 1_234_567_890_123,
        issuedAtMs: BASE_MS + 9,
      });
      await market().putInvoice(reissued);
      expect(await market().getInvoice(a!, '2024-01')).toStrictEqual(reissued);
      expect(await market().listInvoices({ tenantId: a })).toStrictEqual([reissued, aFeb]);
      const january = (await market().listInvoices({ month: '2024-01' })).filter(
        (i) => i.tenantId === a || i.tenantId === b,
      );
      expect(january).toStrictEqual([reissued, bJan]);
      expect(await market().listInvoices({ tenantId: b, month: '2024-02' })).toStrictEqual([]);
    });
  });
}
