import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { type Harness, startHarness } from './app-harness.ts';

// The same suite on embedded PGlite and on the real PostgreSQL (127.0.0.1:5432).
describe.each(['PGlite', 'PostgreSQL'])('the BTC treasury over the API on %s', (kind) => {
  let h: Harness;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === 'PostgreSQL') database = await createTestDatabase();
    h = await startHarness({ databaseUrl: database?.url, atMs: Date.parse('2023-09-15T12:00:00Z') });
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await database?.drop();
  });

  it('keeps the BTC treasury from movements the operator enters', async () => {
    const post = (body: object) => h.call('POST', '/api/v1/treasury/movements', { body });
    const payout = await post({
      kind: 'payout',
      id: 'pay-1',
      date: '2023-08-05',
      sats: 100_000_000,
      siteId: 'tx-west-1',
    });
    expect(payout.status).toBe(201);
    const sale = { kind: 'sale', id: 'sale-1', date: '2023-08-20', sats: 25_000_000, usdCents: 725_000 };
    expect((await post(sale)).body).toMatchObject({
      result: 'booked',
      keys: ['treasury:sale-1:sats', 'treasury:sale-1:usd'],
      balanceSats: '75000000',
    });
    // Entered again: nothing booked twice; the same id with other figures is refused.
    const again = await post(sale);
    expect(again.status).toBe(200);
    expect(again.body.result).toBe('duplicate');
    const changed = await post({ ...sale, usdCents: 700_000 });
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({
      code: 'SY_ERR_LEDGER_REJECTED',
      details: { key: expect.stringMatching(/^treasury:sale-1:/) },
    });
    const out = await post({
      kind: 'transfer-out',
      id: 'cold-1',
      date: '2023-08-25',
      sats: 10_000_000,
      destination: 'cold storage',
    });
    expect(out.body.balanceSats).toBe('65000000');

    // Bad input names the field and stores nothing.
    const count = async () => (await h.storage.ledger.list({ accountPrefix: 'btc-treasury' })).length;
    const stored = await count();
    const cases: [object, string][] = [
      [{ ...sale, id: 'sale-2', usdCents: undefined }, 'body/usdCents'],
      [{ ...sale, id: 'sale-3', sats: 0 }, 'body/sats'],
      [{ ...sale, id: 'sale-4', sats: 1.5 }, 'body/sats'],
      [{ ...sale, id: 'sale-5', date: '2023-02-30' }, 'body/date'],
      [{ ...sale, id: 'sale-6', date: '2023-09-16' }, 'body/date'],
      [{ ...sale, id: 'sale-7', date: '2023-08-10', sats: 100_000_001 }, 'body/sats'],
      // Covered on its day, but later movements would take the treasury below zero.
      [{ ...sale, id: 'sale-8', date: '2023-08-21', sats: 70_000_000 }, 'body/sats'],
      [{ kind: 'transfer-out', id: 'cold-2', date: '2023-08-25', sats: 1 }, 'body/destination'],
      [{ kind: 'swap', date: '2023-08-25', sats: 1 }, 'body/kind'],
      [{ ...sale, id: 'sale 9' }, 'body/id'],
    ];
    for (const [body, field] of cases) {
      const refused = await post(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('SY_ERR_REQUEST_INVALID');
      expect(refused.body.error.details.field).toBe(field);
    }
    expect(await count()).toBe(stored);

    expect((await h.call('GET', '/api/v1/treasury/balance?at=2023-08-19')).body).toMatchObject({
      balanceSats: '100000000',
      balanceBtc: '1.00000000',
    });
    expect((await h.call('GET', '/api/v1/treasury/balance')).body).toEqual({
      at: '2023-09-15',
      balanceSats: '65000000',
      balanceBtc: '0.65000000',
      soldSats: '25000000',
      transferredOutSats: '10000000',
      saleProceedsMicroUsd: '7250000000',
    });
    const history = await h.call('GET', '/api/v1/treasury/history?from=2023-08-04&to=2023-08-26');
    expect(history.body.days).toHaveLength(23);
    expect(history.body.days[0]).toEqual({ date: '2023-08-04', balanceSats: '0', changeSats: '0' });
    expect(history.body.days[1]).toEqual({
      date: '2023-08-05',
      balanceSats: '100000000',
      changeSats: '100000000',
    });
    expect(history.body.days.at(-1)).toEqual({
      date: '2023-08-26',
      balanceSats: '65000000',
      changeSats: '0',
    });
    for (const [url, field] of [
      ['/api/v1/treasury/history?from=2023-08-10&to=2023-08-01', 'querystring/to'],
      ['/api/v1/treasury/history?to=2023-08-01', 'querystring/from'],
      ['/api/v1/treasury/balance?at=2023-8-1', 'querystring/at'],
    ] as const) {
      const refused = await h.call('GET', url);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.field).toMatch(new RegExp(`^${field}`));
    }
  });

  it('serves the treasury to admins and operators only', async () => {
    const { key } = await h.app.services.auth.create({ name: 't', role: 'tenant', tenantId: 'acme' }, 'test');
    expect((await h.call('GET', '/api/v1/treasury/balance', { key })).status).toBe(403);
    const body = { kind: 'payout', date: '2023-08-05', sats: 1, siteId: 'tx-west-1' };
    expect((await h.call('POST', '/api/v1/treasury/movements', { key, body })).status).toBe(403);
    const { key: operator } = await h.app.services.auth.create({ name: 'o', role: 'operator' }, 'test');
    expect((await h.call('GET', '/api/v1/treasury/balance', { key: operator })).status).toBe(200);
  });
});
