import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../server/app-harness.ts';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { gpuHubSite } from './gpu-hub.ts';

const T0 = Date.parse('2023-08-10T04:00:00Z');

/**
 * Issue 13, defects 2 and 3, through the HTTP API on PGlite and PostgreSQL: a quote books one
 * lease however many keys ask, and a tenant's spending limit holds under concurrent bookings
 * (the month's charges plus what open leases commit: an hour of on-demand, a reserved term whole).
 */
describe.each([
  ['PGlite', false],
  ['PostgreSQL', true],
])('marketplace limits on %s', (_name, postgres) => {
  let h: Harness;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = postgres ? await createTestDatabase() : undefined;
    h = await startHarness({ atMs: T0, ...(database ? { databaseUrl: database.url } : {}) });
    const imported = await h.call('POST', '/api/v1/fleet/import', {
      body: { version: 1, sites: [gpuHubSite] },
    });
    expect(imported.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  const tenant = async (spendingLimitCents: number) => {
    const created = await h.call('POST', '/api/v1/market/tenants', {
      body: { name: 'Limited', spendingLimitCents, maxGpus: 32 },
    });
    expect(created.status).toBe(201);
    return { id: created.body.tenant.id as string, key: created.body.apiKey as string };
  };
  const quote = async (key: string, body: object) => {
    const response = await h.call('POST', '/api/v1/market/quotes', {
      key,
      body: { siteId: 'gpu-hub', groupId: 'h100', ...body },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; rateCentsPerGpuHour: number; gpus: number };
  };
  const lease = (key: string, quoteId: string, idem: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/market/leases',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': idem },
      payload: { quoteId },
    });

  it('books one lease from one quote under five keys; the first key still returns it', async () => {
    const { id, key } = await tenant(10_000_000);
    const q = await quote(key, { tier: 'on-demand', gpus: 1 });
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => lease(key, q.id, `five-${n}`)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    const refused = answers.find((a) => a.statusCode === 409)!;
    expect(refused.json().error.code).toBe('SY_ERR_MARKET_QUOTE_USED');
    const won = answers.findIndex((a) => a.statusCode === 201);
    const retry = await lease(key, q.id, `five-${won + 1}`);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(answers[won]!.json().id);
    expect(await h.storage.marketplace.listLeases({ tenantId: id })).toHaveLength(1);
  });

  it('holds the spending limit under 20 concurrent on-demand bookings and one more after', async () => {
    const probe = await tenant(10_000_000);
    const rate = (await quote(probe.key, { tier: 'on-demand', gpus: 2 })).rateCentsPerGpuHour;
    const hourOfTwo = rate * 2;
    // Room for one hour of one lease and a half: exactly one fits.
    const { id, key } = await tenant(Math.floor(hourOfTwo * 1.5));
    const quotes = await Promise.all(
      Array.from({ length: 20 }, () => quote(key, { tier: 'on-demand', gpus: 2 })),
    );
    const answers = await Promise.all(quotes.map((q, i) => lease(key, q.id, `burst-${i}`)));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    const refusals = answers.filter((a) => a.statusCode !== 201);
    expect(new Set(refusals.map((a) => a.statusCode))).toEqual(new Set([402]));
    expect(refusals[0]!.json().error.code).toBe('SY_ERR_MARKET_SPENDING_LIMIT');
    const after = await lease(key, (await quote(key, { tier: 'on-demand', gpus: 2 })).id, 'after');
    expect(after.statusCode).toBe(402);
    expect(await h.storage.marketplace.listLeases({ tenantId: id })).toHaveLength(1);
  });

  it('commits a reserved term whole: a term past the limit is refused', async () => {
    const probe = await tenant(10_000_000);
    const q = await quote(probe.key, { tier: 'reserved', gpus: 1, termDays: 7 });
    const term = q.rateCentsPerGpuHour * 24 * 7;
    const { key } = await tenant(term - 1);
    const refused = await lease(key, (await quote(key, { tier: 'reserved', gpus: 1, termDays: 7 })).id, 'r1');
    expect(refused.statusCode).toBe(402);
    expect(refused.json().error.details).toMatchObject({ limitCents: term - 1 });
  });
});
