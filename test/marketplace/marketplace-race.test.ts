import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../server/app-harness.ts';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { gpuHubSite } from './gpu-hub.ts';

const REQUESTS = 500;

/**
 * The last 16 GPUs of a hub, 500 concurrent lease requests through the HTTP API on the real
 * PostgreSQL: exactly 16 GPUs are leased, every other request gets a clear no-capacity error.
 */
describe('500 concurrent lease requests for the last 16 GPUs (HTTP API, PostgreSQL)', () => {
  let database: TestDatabase;
  let h: Harness;
  let tenantKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    h = await startHarness({ databaseUrl: database.url, atMs: Date.parse('2023-08-10T04:00:00Z') });
    expect(
      (await h.call('POST', '/api/v1/fleet/import', { body: { version: 1, sites: [gpuHubSite] } })).status,
    ).toBe(200);
    const tenant = await h.call('POST', '/api/v1/market/tenants', {
      body: { name: 'Racer', spendingLimitCents: 1_000_000_000, maxGpus: 10_000 },
    });
    tenantKey = tenant.body.apiKey;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  const quote = async (gpus: number) =>
    (
      await h.call('POST', '/api/v1/market/quotes', {
        key: tenantKey,
        body: { siteId: 'gpu-hub', groupId: 'h100', tier: 'on-demand', gpus },
      })
    ).body.id as string;
  const lease = (quoteId: string, key: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/market/leases',
      headers: { authorization: `Bearer ${tenantKey}`, 'idempotency-key': key },
      payload: { quoteId },
    });

  it('books exactly the 16 free GPUs and refuses the rest with SY_ERR_MARKET_NO_CAPACITY', async () => {
    expect((await lease(await quote(16), 'first-half')).statusCode).toBe(201);
    const quotes = await Promise.all(Array.from({ length: REQUESTS }, () => quote(1)));
    const responses = await Promise.all(quotes.map((id, i) => lease(id, `race-${i}`)));
    const created = responses.filter((r) => r.statusCode === 201);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(16);
    expect(refused).toHaveLength(REQUESTS - 16);
    for (const r of refused) {
      expect(r.json().error.code).toBe('SY_ERR_MARKET_NO_CAPACITY');
      expect(r.json().error.message).toMatch(/gpu-hub has \d+ free H100 SXM GPUs; this lease needs 1/);
    }
    const pool = await h.storage.marketplace.getPool('gpu-hub', 'h100');
    expect(pool?.bookedGpus).toBe(32);
    const leases = await h.storage.marketplace.listLeases({ siteId: 'gpu-hub', states: ['pending'] });
    expect(leases.reduce((sum, l) => sum + l.gpus, 0)).toBe(32);
    const offers = (await h.call('GET', '/api/v1/market/offers', { key: tenantKey })).body.offers;
    expect(offers.find((o: { siteId: string }) => o.siteId === 'gpu-hub')?.freeGpus ?? 0).toBe(0);
  }, 120_000);
});
