import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_AMOUNT, transfer } from '../../src/core/accounting/ledger.ts';
import { type Harness, startHarness } from './app-harness.ts';

describe('the ledger balances over the API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.storage.ledger.postAll([
      transfer('mined:a:2031-08-01', '2031-08-01', 'sats', 'pool-receivable', 'mining-revenue:a', 600n)!,
      transfer('mined:b:2031-08-02', '2031-08-02', 'sats', 'pool-receivable', 'mining-revenue:b', 400n)!,
      transfer('mined:a:2031-09-01', '2031-09-01', 'sats', 'pool-receivable', 'mining-revenue:a', 50n)!,
      // Beyond 2^53: exact only as a string.
      transfer(
        'lease:t:2031-08',
        '2031-08-31',
        'micro-usd',
        'lease-receivable:t',
        'lease-revenue:t',
        MAX_LINE_AMOUNT,
      )!,
    ]);
  });
  afterAll(() => h.close());

  it('returns every account of a month with exact amounts as strings, in units, balanced per unit', async () => {
    const { status, body } = await h.call('GET', '/api/v1/ledger/balances?period=2031-08');
    expect(status).toBe(200);
    expect(body).toEqual({
      period: '2031-08',
      prefix: null,
      balances: [
        { account: 'lease-receivable:t', unit: 'micro-usd', balance: '9223372036854775807' },
        { account: 'lease-revenue:t', unit: 'micro-usd', balance: '-9223372036854775807' },
        { account: 'mining-revenue:a', unit: 'sats', balance: '-600' },
        { account: 'mining-revenue:b', unit: 'sats', balance: '-400' },
        { account: 'pool-receivable', unit: 'sats', balance: '1000' },
      ],
      totals: { sats: '0', 'micro-usd': '0' },
    });
  });

  it('filters by account prefix, and covers all time without a period', async () => {
    const mined = await h.call('GET', '/api/v1/ledger/balances?prefix=mining-revenue:');
    expect(mined.body.period).toBeNull();
    expect(mined.body.balances.map((b: { balance: string }) => b.balance)).toEqual(['-650', '-400']);
    expect(mined.body.totals).toEqual({ sats: '-1050', 'micro-usd': '0' });
    const day = await h.call('GET', '/api/v1/ledger/balances?period=2031-09-01&prefix=mining-revenue:a');
    expect(day.body.balances).toEqual([{ account: 'mining-revenue:a', unit: 'sats', balance: '-50' }]);
    const empty = await h.call('GET', '/api/v1/ledger/balances?period=2030');
    expect(empty.body.balances).toEqual([]);
  });

  it('refuses a malformed period or prefix naming the field, and roles other than admin and operator', async () => {
    const bad = await h.call('GET', '/api/v1/ledger/balances?period=2031-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'SY_ERR_REQUEST_INVALID',
      details: { field: 'querystring/period' },
    });
    const prefix = await h.call('GET', '/api/v1/ledger/balances?prefix=a%20b');
    expect(prefix.body.error.details.field).toBe('querystring/prefix');
    const operator = await h.app.services.auth.create({ name: 'o', role: 'operator' }, 'test');
    expect((await h.call('GET', '/api/v1/ledger/balances', { key: operator.key })).status).toBe(200);
    const tenant = await h.app.services.auth.create({ name: 't', role: 'tenant', tenantId: 't' }, 'test');
    expect((await h.call('GET', '/api/v1/ledger/balances', { key: tenant.key })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/ledger/balances', { key: '' })).status).toBe(401);
  });
});
