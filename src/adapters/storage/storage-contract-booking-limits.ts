import { describe, expect, it } from 'vitest';
import { leaseFixture, tenantFixture } from './marketplace-fixtures.ts';
import type { ContractContext } from './storage-contract-context.ts';
import { marketplaceHelpers } from './storage-contract-marketplace.ts';

/**
 * A quote's single use and the spending limit, held by the repository in the booking's
 * transaction (issue 13, defects 2 and 3). Called inside the Storage contract's describe.
 */
export function bookingLimitsContract(ctx: ContractContext): void {
  const { uid } = ctx;
  const { market, setup, booked } = marketplaceHelpers(ctx);

  describe('marketplace: a quote books one lease', () => {
    it('refuses a second lease from one quote under another key; the same key returns the first', async () => {
      const { tenantId, pool } = await setup();
      const first = leaseFixture(uid('lease'), tenantId, pool, { quoteId: 'q-once', idempotencyKey: 'k1' });
      const booked1 = await market().book(first);
      expect(booked1).toMatchObject({ ok: true, created: true });
      const again = await market().book({ ...first, id: uid('lease') });
      expect(again).toStrictEqual({ ok: true, lease: first, created: false });
      const other = await market().book({ ...first, id: uid('lease'), idempotencyKey: 'k2' });
      expect(other).toStrictEqual({ ok: false, refusal: { kind: 'quote-used' } });
      expect(await booked(pool)).toBe(1);
      expect(await market().listLeases({ tenantId })).toHaveLength(1);
    });

    it('books one lease when five keys race on one quote', async () => {
      const { tenantId, pool } = await setup();
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          market().book(
            leaseFixture(uid('lease'), tenantId, pool, { quoteId: 'q-race', idempotencyKey: `k${n}` }),
          ),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.refusal.kind)).toEqual([
        'quote-used',
        'quote-used',
        'quote-used',
        'quote-used',
      ]);
      expect(await booked(pool)).toBe(1);
    });
  });

  describe('marketplace: spending limit held at booking', () => {
    const newTenant = async (spendingLimitCents: number) => {
      const { pool } = await setup(64);
      const tenantId = uid('tenant');
      await market().createTenant(tenantFixture(tenantId, { spendingLimitCents }));
      return { tenantId, pool };
    };

    it("counts the month's charges, open leases' commitments and this one; a finished lease frees its commitment", async () => {
      const { tenantId, pool } = await newTenant(3_444);
      const a = leaseFixture(uid('lease'), tenantId, pool);
      expect(await market().book(a, { commitmentCents: 2_296, spentCents: 0 })).toMatchObject({ ok: true });
      const b = leaseFixture(uid('lease'), tenantId, pool);
      expect(await market().book(b, { commitmentCents: 2_296, spentCents: 0 })).toStrictEqual({
        ok: false,
        refusal: {
          kind: 'spending-limit',
          spentCents: 0,
          committedCents: 2_296,
          commitmentCents: 2_296,
          limitCents: 3_444,
        },
      });
      expect(await booked(pool)).toBe(1);
      await market().transition(a.id, ['pending'], 'cancelled', a.createdAtMs + 1, 'stop');
      expect(await market().book(b, { commitmentCents: 2_296, spentCents: 1_200 })).toMatchObject({
        ok: false,
        refusal: { kind: 'spending-limit', committedCents: 0 },
      });
      expect(await market().book(b, { commitmentCents: 2_244, spentCents: 1_200 })).toMatchObject({
        ok: true,
      });
    });

    it('lets only what fits through when twenty bookings race', async () => {
      const { tenantId, pool } = await newTenant(3_444);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          market().book(leaseFixture(uid('lease'), tenantId, pool), {
            commitmentCents: 1_000,
            spentCents: 0,
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(await booked(pool)).toBe(3);
    });
  });
}
