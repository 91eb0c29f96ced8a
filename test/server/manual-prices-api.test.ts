import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFleet, type Harness, startHarness } from './app-harness.ts';

const MIN = 60_000;
const NOW = Date.parse('2023-08-10T19:00:00Z');
const URL = '/api/v1/market/manual-prices';

describe('manual prices API', () => {
  let h: Harness;
  const price = (over: Record<string, unknown> = {}) => ({
    kind: 'price',
    seriesId: 'ercot_rt_hb_west',
    usdPerMwh: '45.00',
    fromMs: NOW,
    expiresAtMs: NOW + 60 * MIN,
    note: 'feed down, desk quote',
    ...over,
  });

  beforeAll(async () => {
    h = await startHarness({ atMs: NOW });
    expect((await h.call('POST', '/api/v1/fleet/import', { body: exampleFleet })).status).toBe(200);
  }, 60_000);
  afterAll(() => h?.close());

  it('enters a price, lists it, withdraws it, each change audited with its actor', async () => {
    const created = await h.call('POST', URL, { body: price() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...price(), enteredAtMs: NOW });
    expect(created.body.enteredBy).toMatch(/^apikey:/);
    const listed = await h.call('GET', URL);
    expect(listed.body.entries.map((e: { id: string }) => e.id)).toContain(created.body.id);
    expect((await h.call('DELETE', `${URL}/${created.body.id}`)).status).toBe(204);
    expect((await h.call('DELETE', `${URL}/${created.body.id}`)).status).toBe(404);
    expect((await h.call('GET', URL)).body.entries.map((e: { id: string }) => e.id)).not.toContain(
      created.body.id,
    );
    const audit = await h.storage.audit.list({ target: `manual-price:${created.body.id}` });
    expect(audit.map((e) => e.action)).toEqual(['manual-price.remove', 'manual-price.add']);
    expect(audit[1]!.details).toMatchObject({ usdPerMwh: '45.00', seriesId: 'ercot_rt_hb_west' });
  });

  it('takes a tariff override on a stored site', async () => {
    const body = price({
      kind: 'tariff-override',
      seriesId: undefined,
      siteId: 'tx-west-1',
      usdPerMwh: '-3.5',
    });
    const created = await h.call('POST', URL, { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'tariff-override', siteId: 'tx-west-1', usdPerMwh: '-3.5' });
    expect(created.body.seriesId).toBeUndefined();
    expect((await h.call('DELETE', `${URL}/${created.body.id}`)).status).toBe(204);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['a price with a decimal comma', { usdPerMwh: '45,00' }, 'body/usdPerMwh'],
    ['a price that is not a decimal', { usdPerMwh: '4e2' }, 'body/usdPerMwh'],
    ['an unknown kind', { kind: 'spot' }, 'body/kind'],
    ['an unknown series', { seriesId: 'nowhere' }, 'body/seriesId'],
    ['a price without a series', { seriesId: undefined }, 'body/seriesId'],
    ['a tariff override without a site', { kind: 'tariff-override', seriesId: undefined }, 'body/siteId'],
    [
      'a tariff override on an unknown site',
      { kind: 'tariff-override', seriesId: undefined, siteId: 'nope' },
      'body/siteId',
    ],
    ['an expiry before the start', { expiresAtMs: NOW - MIN }, 'body/expiresAtMs'],
    ['an entry already expired', { fromMs: NOW - 60 * MIN, expiresAtMs: NOW }, 'body/expiresAtMs'],
  ];
  for (const [name, over, field] of bad)
    it(`rejects ${name}, naming ${field}, and stores nothing`, async () => {
      const before = (await h.call('GET', URL)).body.entries.length;
      const response = await h.call('POST', URL, { body: price(over) });
      expect(response.status).toBe(400);
      expect(response.body.error.details.field).toBe(field);
      expect((await h.call('GET', URL)).body.entries.length).toBe(before);
    });

  it('lists only entries not yet expired', async () => {
    const created = await h.call('POST', URL, {
      body: price({ usdPerMwh: '9000', expiresAtMs: NOW + 30 * MIN }),
    });
    expect(created.status).toBe(201);
    h.clock.set(NOW + 30 * MIN);
    expect((await h.call('GET', URL)).body.entries.map((e: { id: string }) => e.id)).not.toContain(
      created.body.id,
    );
    h.clock.set(NOW);
  });

  it('the next allocation run plans on an entry in force and names it in the site’s setpoint', async () => {
    const created = await h.call('POST', URL, { body: price({ usdPerMwh: '9000', note: 'scarcity' }) });
    expect(created.status).toBe(201);
    expect((await h.call('POST', '/api/v1/allocation/run')).status).toBe(200);
    const setpoint = h.published.filter((s) => s.siteId === 'tx-west-1').at(-1)!;
    expect(setpoint.reason).toMatch(
      /manual price 9000\.00 \$\/MWh on ercot_rt_hb_west until 2023-08-10 20:00 UTC, entered by apikey:.* \(scarcity\)/,
    );
    expect(setpoint.miningMw).toBe(0);
    expect((await h.call('DELETE', `${URL}/${created.body.id}`)).status).toBe(204);
  }, 60_000);

  it('is for operators and admins only', async () => {
    const tenant = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 't', role: 'tenant', tenantId: 'acme' } })
    ).body.key;
    expect((await h.call('GET', URL, { key: tenant })).status).toBe(403);
    expect((await h.call('POST', URL, { key: tenant, body: price() })).status).toBe(403);
  });
});
