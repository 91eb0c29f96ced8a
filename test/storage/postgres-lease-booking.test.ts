import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  migrate,
  PGLITE_MEMORY,
  PgliteDatabase,
  PostgresDatabase,
  type SqlDatabase,
  SqlStorage,
} from '../../src/adapters/storage/index.ts';
import { leaseFixture, poolFixture, tenantFixture } from '../../src/adapters/storage/marketplace-fixtures.ts';
import type { GpuPool } from '../../src/core/marketplace/marketplace-types.ts';
import type { BookingResult, MarketplaceRepository } from '../../src/core/ports/marketplace-repository.ts';
import { createTestDatabase, type TestDatabase } from './postgres-test-database.ts';

/**
 * Capacity is enforced by the database however many bookings race: hundreds of concurrent `book`
 * calls through a pool of 20 PostgreSQL connections (really concurrent transactions), and the same
 * on PGlite (one connection, serialised). Each test uses its own pool, and all pools are synced
 * once up front (syncPools replaces the set).
 */

const TOTAL = 512;
const FREE = 16;
const REQUESTS = 500;
const SIZES = [1, 2, 4, 8];

const pools = {
  single: poolFixture('race-site', 'single', { totalGpus: TOTAL }),
  mixed: poolFixture('race-site', 'mixed', { totalGpus: 100 }),
  churn: poolFixture('race-site', 'churn', { totalGpus: 32 }),
  quota: poolFixture('race-site', 'quota', { totalGpus: 200 }),
};

let database: TestDatabase | undefined;

bookingRace(
  'PostgreSQL (20 connections)',
  async () => {
    database = await createTestDatabase();
    return new PostgresDatabase(database.url, { maxConnections: 20 });
  },
  async () => {
    await database?.drop();
  },
);

bookingRace('PGlite (memory://)', () => PgliteDatabase.open(PGLITE_MEMORY));

function bookingRace(name: string, open: () => Promise<SqlDatabase>, cleanup?: () => Promise<void>): void {
  describe(`lease booking race: ${name}`, () => {
    let db: SqlDatabase;
    let market: MarketplaceRepository;
    let sequence = 0;
    const id = (prefix: string) => `${prefix}-${++sequence}`;

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      market = new SqlStorage(db).marketplace;
      await market.syncPools(Object.values(pools));
    });

    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    const tenant = async (maxGpus: number) => {
      const tenantId = id('tenant');
      await market.createTenant(tenantFixture(tenantId, { maxGpus }));
      return tenantId;
    };
    const book = (tenantId: string, pool: GpuPool, gpus: number) => {
      const leaseId = id('lease');
      return market.book(leaseFixture(leaseId, tenantId, pool, { gpus, idempotencyKey: `key-${leaseId}` }));
    };
    const booked = async (pool: GpuPool) => (await market.getPool(pool.siteId, pool.groupId))!.bookedGpus;
    /** GPUs of the pool's leases not in a terminal state, counted from the leases themselves. */
    const heldByLeases = async (pool: GpuPool) =>
      (await market.listLeases({ siteId: pool.siteId, states: ['pending', 'provisioning', 'running'] }))
        .filter((lease) => lease.groupId === pool.groupId)
        .reduce((sum, lease) => sum + lease.gpus, 0);
    const refusals = (results: BookingResult[]) => results.flatMap((r) => (r.ok ? [] : [r.refusal]));

    it(`books exactly the ${FREE} free GPUs for ${REQUESTS} racing 1-GPU requests`, async () => {
      const pool = pools.single;
      const filler = await tenant(TOTAL);
      expect((await book(filler, pool, TOTAL - FREE)).ok).toBe(true);
      const racer = await tenant(10_000);

      const started = performance.now();
      const results = await Promise.all(Array.from({ length: REQUESTS }, () => book(racer, pool, 1)));
      const elapsedMs = performance.now() - started;
      console.log(`[${name}] ${REQUESTS} racing bookings for ${FREE} free GPUs: ${elapsedMs.toFixed(0)} ms`);

      expect(results.filter((r) => r.ok && r.created)).toHaveLength(FREE);
      const refused = refusals(results);
      expect(refused).toHaveLength(REQUESTS - FREE);
      expect(refused.every((r) => r.kind === 'no-capacity' && r.freeGpus === 0)).toBe(true);
      expect(await booked(pool)).toBe(TOTAL);
      expect(await market.tenantGpusHeld(racer)).toBe(FREE);
      expect(await market.listLeases({ tenantId: racer })).toHaveLength(FREE);
      expect(await heldByLeases(pool)).toBe(TOTAL);
    });

    it('never books more than the total for racing requests of 1, 2, 4 and 8 GPUs', async () => {
      const pool = pools.mixed;
      const tenants = await Promise.all(Array.from({ length: 20 }, () => tenant(1_000)));
      const sizes = Array.from({ length: 400 }, (_, i) => SIZES[i % SIZES.length]!);
      const results = await Promise.all(
        sizes.map((gpus, i) => book(tenants[i % tenants.length]!, pool, gpus)),
      );

      const created = results.flatMap((r) => (r.ok && r.created ? [r.lease.gpus] : []));
      const total = created.reduce((sum, gpus) => sum + gpus, 0);
      expect(total).toBeLessThanOrEqual(pool.totalGpus);
      expect(total).toBeGreaterThan(pool.totalGpus - 8);
      expect(await booked(pool)).toBe(total);
      expect(await heldByLeases(pool)).toBe(total);
      results.forEach((result, i) => {
        if (!result.ok) {
          expect(result.refusal.kind).toBe('no-capacity');
          // Refused only when it did not fit at that moment.
          if (result.refusal.kind === 'no-capacity') expect(result.refusal.freeGpus).toBeLessThan(sizes[i]!);
        }
      });
      const held = await Promise.all(tenants.map((t) => market.tenantGpusHeld(t)));
      expect(held.reduce((sum, gpus) => sum + gpus, 0)).toBe(total);
    });

    it('keeps the counts exact when releases race bookings', async () => {
      const pool = pools.churn;
      const owner = await tenant(1_000);
      const first = await Promise.all(Array.from({ length: pool.totalGpus }, () => book(owner, pool, 1)));
      expect(first.every((r) => r.ok)).toBe(true);
      expect(await booked(pool)).toBe(pool.totalGpus);

      const releases = first.map((r, i) =>
        market.transition(
          r.ok ? r.lease.id : '',
          ['pending'],
          i % 2 === 0 ? 'completed' : 'cancelled',
          1,
          'done',
        ),
      );
      const bookings = Array.from({ length: 100 }, () => book(owner, pool, 1));
      const [released, booked2] = await Promise.all([Promise.all(releases), Promise.all(bookings)]);

      expect(released.every((lease) => lease !== undefined)).toBe(true);
      const created = booked2.filter((r) => r.ok).length;
      expect(created).toBeLessThanOrEqual(pool.totalGpus);
      expect(await booked(pool)).toBe(created);
      expect(await heldByLeases(pool)).toBe(created);
      expect(await market.tenantGpusHeld(owner)).toBe(created);
    });

    it('never takes a tenant past its quota, however many of its requests race', async () => {
      const pool = pools.quota;
      const capped = await tenant(10);
      const results = await Promise.all(Array.from({ length: 100 }, () => book(capped, pool, 1)));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      const refused = refusals(results);
      expect(refused).toHaveLength(90);
      expect(refused.every((r) => r.kind === 'quota-exceeded' && r.gpusHeld === 10 && r.maxGpus === 10)).toBe(
        true,
      );
      expect(await market.tenantGpusHeld(capped)).toBe(10);
      // Refused bookings left nothing behind in the pool.
      expect(await booked(pool)).toBe(10);
    });
  });
}
