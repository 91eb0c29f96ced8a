import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/adapters/storage/memory-storage.ts';
import type { Storage } from '../../src/core/ports/storage.ts';
import { AuthService } from '../../src/server/services/auth-service.ts';
import { TenantService } from '../../src/server/services/marketplace/tenant-service.ts';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { type Harness, startHarness } from './app-harness.ts';

/** `{"x":{"x":...}}` nested `depth` levels, as text (a JavaScript value that deep is built iteratively). */
function nested(depth: number): string {
  return `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * Issue 13, defect 6: a tenant PATCH with a 10,000-deep extra field returned 500 with the change
 * applied and no audit record. Now it is refused before anything is written, and a change and its
 * audit record commit together or not at all.
 */
describe.each([
  ['PGlite', false],
  ['PostgreSQL', true],
])('a write and its audit record on %s', (_name, postgres) => {
  let h: Harness;
  let database: TestDatabase | undefined;
  let tenantId: string;

  beforeAll(async () => {
    database = postgres ? await createTestDatabase() : undefined;
    h = await startHarness(database ? { databaseUrl: database.url } : {});
    const created = await h.call('POST', '/api/v1/market/tenants', {
      body: { name: 'Deep', spendingLimitCents: 5_000, maxGpus: 4 },
    });
    expect(created.status).toBe(201);
    tenantId = created.body.tenant.id;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it('refuses a 10,000-deep nested field and changes nothing', async () => {
    const before = await h.storage.audit.list({ target: `tenant:${tenantId}` });
    const response = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/market/tenants/${tenantId}`,
      headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' },
      payload: `{"maxGpus": 9, "extra": ${nested(10_000)}}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'SY_ERR_REQUEST_INVALID' });
    expect((await h.storage.marketplace.getTenant(tenantId))?.maxGpus).toBe(4);
    expect(await h.storage.audit.list({ target: `tenant:${tenantId}` })).toEqual(before);
  });

  it('records only the named limits of an accepted change, with the change', async () => {
    const response = await h.call('PATCH', `/api/v1/market/tenants/${tenantId}`, {
      body: { maxGpus: 6, note: { a: 1 } },
    });
    expect(response.status).toBe(200);
    const [last] = await h.storage.audit.list({ target: `tenant:${tenantId}`, limit: 1 });
    expect(last).toMatchObject({ action: 'tenant.update', details: { maxGpus: 6 } });
    expect(last?.details).not.toHaveProperty('note');
  });
});

describe('TenantService when the audit record cannot be written', () => {
  /** The real in-memory storage whose audit log refuses every append (a full disk, a broken column). */
  function failingAudit(storage: MemoryStorage): Storage {
    const wrap = (inner: Storage): Storage =>
      new Proxy(inner, {
        get(target, property, receiver) {
          if (property === 'audit') {
            return { ...target.audit, append: async () => Promise.reject(new Error('audit write failed')) };
          }
          if (property === 'transaction') {
            return <T>(work: (tx: Storage) => Promise<T>) => target.transaction((tx) => work(wrap(tx)));
          }
          return Reflect.get(target, property, receiver);
        },
      });
    return wrap(storage);
  }

  it('leaves the tenant as it was (update) and stores no tenant or key (create)', async () => {
    const memory = new MemoryStorage();
    const now = () => Date.parse('2024-03-01T00:00:00Z');
    const good = new TenantService(memory, new AuthService(memory, now), now);
    const { tenant } = await good.create({ name: 'A', spendingLimitCents: 100, maxGpus: 1 }, 'test');
    const storage = failingAudit(memory);
    const service = new TenantService(storage, new AuthService(storage, now), now);
    await expect(service.update(tenant.id, { maxGpus: 5 }, 'test')).rejects.toThrow('audit write failed');
    expect((await memory.marketplace.getTenant(tenant.id))?.maxGpus).toBe(1);
    await expect(service.create({ name: 'B', spendingLimitCents: 1, maxGpus: 1 }, 'test')).rejects.toThrow(
      'audit write failed',
    );
    expect((await memory.marketplace.listTenants()).map((t) => t.name)).toEqual(['A']);
  });
});
