import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { ApiKeyRecord, Storage } from '../../core/ports/storage.ts';
import { actualsContract } from './storage-contract-actuals.ts';
import { allocationsContract } from './storage-contract-allocations.ts';
import { bookingLimitsContract } from './storage-contract-booking-limits.ts';
import { BASE_MS, type ContractContext, DAY_MS } from './storage-contract-context.ts';
import { leaseWorkloadsContract } from './storage-contract-lease-workloads.ts';
import { leasesContract } from './storage-contract-leases.ts';
import { ledgerContract } from './storage-contract-ledger.ts';
import { manualPricesContract } from './storage-contract-manual-prices.ts';
import { marketHistoryContract } from './storage-contract-market-history.ts';
import { marketplaceContract } from './storage-contract-marketplace.ts';
import { operationsContract } from './storage-contract-operations.ts';
import { restartContract } from './storage-contract-restart.ts';
import { telemetryContract } from './storage-contract-telemetry.ts';
import { siteFixture } from './storage-fixtures.ts';

/**
 * The behaviour every Storage implementation must have, as a vitest `describe`. `create` is called
 * once; the tests share the storage, so each uses its own ids (and checks global listings only for
 * its own rows). `cleanup` runs after the storage is closed.
 */
export function runStorageContract(
  name: string,
  create: () => Promise<Storage>,
  cleanup?: () => Promise<void>,
): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    const run = Math.random().toString(36).slice(2, 8);
    let counter = 0;
    /** A fresh id, unique in this run. */
    const uid = (prefix: string) => `${prefix}-${run}-${++counter}`;
    let intervals = 0;
    /** Interval starts that increase through the suite, so the newest runs are always the current test's. */
    const nextInterval = () => BASE_MS + 1_000 * DAY_MS + ++intervals * 900_000;

    beforeAll(async () => {
      storage = await create();
    });
    const ctx: ContractContext = { name, storage: () => storage, uid, nextInterval };

    afterAll(async () => {
      await storage?.close();
      await cleanup?.();
    });

    describe('sites', () => {
      it('stores a new site at version 1 and returns it as stored', async () => {
        const before = Date.now();
        const site = siteFixture(uid('site'));
        const record = await storage.sites.put(site);
        expect(record.version).toBe(1);
        expect(record.site).toEqual(site);
        expect(record.updatedAtMs).toBeGreaterThanOrEqual(before);
        expect(await storage.sites.get(site.id)).toEqual(record);
      });

      it('increments the version on every put and keeps the document intact', async () => {
        const id = uid('site');
        await storage.sites.put(siteFixture(id));
        const changed = siteFixture(id, {
          name: 'Renamed',
          battery: {
            capacityMwh: 20,
            chargeMw: 10,
            dischargeMw: 10,
            roundTripEfficiency: 0.88,
            socMin: 0.1,
            socMax: 0.9,
            cycleCostPerMwh: 0,
          },
        });
        const record = await storage.sites.put(changed);
        expect(record.version).toBe(2);
        expect((await storage.sites.get(id))?.site).toEqual(changed);
      });

      it('puts with the expected version, and fails with SY_ERR_STORAGE_CONFLICT on a stale one', async () => {
        const id = uid('site');
        const first = await storage.sites.put(siteFixture(id));
        const second = await storage.sites.put(siteFixture(id, { name: 'B' }), first.version);
        expect(second.version).toBe(2);
        const error = await storage.sites.put(siteFixture(id, { name: 'C' }), first.version).catch((e) => e);
        expect(error).toBeInstanceOf(SwitchyardError);
        expect(error.code).toBe('SY_ERR_STORAGE_CONFLICT');
        expect(error.details).toMatchObject({ siteId: id, expectedVersion: 1, actualVersion: 2 });
        expect((await storage.sites.get(id))?.site.name).toBe('B');
      });

      it('treats expected version 0 as "must not exist yet"', async () => {
        const id = uid('site');
        expect((await storage.sites.put(siteFixture(id), 0)).version).toBe(1);
        await expect(storage.sites.put(siteFixture(id), 0)).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
        await expect(storage.sites.put(siteFixture(uid('site')), 3)).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
          details: { actualVersion: 0 },
        });
      });

      it('lists sites by id and deletes them', async () => {
        const ids = [uid('site-b'), uid('site-a'), uid('site-c')];
        for (const id of ids) await storage.sites.put(siteFixture(id));
        const listed = (await storage.sites.list())
          .map((record) => record.site.id)
          .filter((id) => ids.includes(id));
        expect(listed).toEqual([...ids].sort());
        expect(await storage.sites.delete(ids[0]!)).toBe(true);
        expect(await storage.sites.delete(ids[0]!)).toBe(false);
        expect(await storage.sites.get(ids[0]!)).toBeUndefined();
      });
    });

    describe('audit', () => {
      it('appends entries with ids and lists them newest first, ties by insertion', async () => {
        const target = uid('site');
        const a = await storage.audit.append({
          atMs: 1_000,
          actor: 'system',
          action: 'site.update',
          target,
          details: { n: 1 },
        });
        const b = await storage.audit.append({
          atMs: 3_000,
          actor: 'key-1',
          action: 'site.update',
          target,
          details: { n: 2 },
        });
        const c = await storage.audit.append({
          atMs: 3_000,
          actor: 'key-1',
          action: 'site.update',
          target,
          details: { nested: { list: [1, 'x'] } },
        });
        expect(new Set([a.id, b.id, c.id]).size).toBe(3);
        expect(c).toEqual({
          id: c.id,
          atMs: 3_000,
          actor: 'key-1',
          action: 'site.update',
          target,
          details: { nested: { list: [1, 'x'] } },
        });
        expect(await storage.audit.list({ target })).toEqual([c, b, a]);
      });

      it('filters by target, since and limit', async () => {
        const target = uid('site');
        const other = uid('site');
        for (const atMs of [10, 20, 30, 40]) {
          await storage.audit.append({ atMs, actor: 'system', action: 'x', target, details: {} });
        }
        await storage.audit.append({ atMs: 50, actor: 'system', action: 'x', target: other, details: {} });
        expect((await storage.audit.list({ target, sinceMs: 20 })).map((e) => e.atMs)).toEqual([40, 30, 20]);
        expect((await storage.audit.list({ target, limit: 2 })).map((e) => e.atMs)).toEqual([40, 30]);
        const all = await storage.audit.list({ sinceMs: 10 });
        expect(all.some((e) => e.target === other)).toBe(true);
        for (let i = 1; i < all.length; i++) expect(all[i]!.atMs).toBeLessThanOrEqual(all[i - 1]!.atMs);
      });
    });

    describe('API keys', () => {
      const key = (overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
        id: uid('key'),
        name: 'ops laptop',
        role: 'operator',
        secretHash: 'scrypt$c2FsdA==$aGFzaA==',
        createdAtMs: 5_000,
        ...overrides,
      });

      it('creates, reads, lists and counts keys', async () => {
        const countBefore = await storage.apiKeys.count();
        const operator = key();
        const agent = key({ role: 'agent', siteId: 'tx-west-1', createdAtMs: 6_000 });
        const tenant = key({ role: 'tenant', tenantId: 'acme', createdAtMs: 4_000 });
        for (const record of [operator, agent, tenant]) await storage.apiKeys.create(record);
        expect(await storage.apiKeys.get(operator.id)).toEqual(operator);
        expect(await storage.apiKeys.get(agent.id)).toEqual(agent);
        expect(await storage.apiKeys.get(uid('key'))).toBeUndefined();
        expect(await storage.apiKeys.count()).toBe(countBefore + 3);
        const ours = (await storage.apiKeys.list()).filter((r) =>
          [operator.id, agent.id, tenant.id].includes(r.id),
        );
        expect(ours).toEqual([tenant, operator, agent]);
      });

      it('rejects a duplicate id with SY_ERR_STORAGE_CONFLICT', async () => {
        const record = key();
        await storage.apiKeys.create(record);
        await expect(storage.apiKeys.create({ ...record, name: 'other' })).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
        expect((await storage.apiKeys.get(record.id))?.name).toBe(record.name);
      });

      it('revokes a key once', async () => {
        const record = key();
        await storage.apiKeys.create(record);
        expect(await storage.apiKeys.revoke(record.id, 9_000)).toBe(true);
        expect(await storage.apiKeys.revoke(record.id, 9_500)).toBe(false);
        expect(await storage.apiKeys.revoke(uid('key'), 9_500)).toBe(false);
        expect((await storage.apiKeys.get(record.id))?.revokedAtMs).toBe(9_000);
      });
    });

    telemetryContract(ctx);
    allocationsContract(ctx);
    operationsContract(ctx);
    marketplaceContract(ctx);
    leasesContract(ctx);
    leaseWorkloadsContract(ctx);
    bookingLimitsContract(ctx);
    restartContract(ctx);
    ledgerContract(ctx);
    marketHistoryContract(ctx);
    manualPricesContract(ctx);
    actualsContract(ctx);
  });
}
