import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { exampleFleet, type Harness, startHarness } from './app-harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: the example fleet is read as loose YAML
const siteOf = (id: string) => exampleFleet.sites.find((s: any) => s.id === id);

/**
 * Issue 13, defect 1: importing a one-site file emptied the fleet's currency rates, curtailing
 * every CAD site. An import is now a declared merge (default) or replace; nothing it does not name
 * is touched, and a change that strands a site it does not name is refused naming site and field.
 */
describe.each([
  ['PGlite', false],
  ['PostgreSQL', true],
])('fleet import on %s', (_name, postgres) => {
  let h: Harness;
  let database: TestDatabase | undefined;
  const allIds = exampleFleet.sites.map((s: { id: string }) => s.id).sort();

  beforeAll(async () => {
    database = postgres ? await createTestDatabase() : undefined;
    h = await startHarness(database ? { databaseUrl: database.url } : {});
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  const storedIds = async () =>
    ((await h.call('GET', '/api/v1/sites')).body.sites as { site: { id: string } }[])
      .map((s) => s.site.id)
      .sort();

  it('merges a one-site file: every other site and every currency rate stay, also after a restart', async () => {
    expect((await h.call('POST', '/api/v1/fleet/import', { body: exampleFleet })).status).toBe(200);
    const rates = { ...exampleFleet.currencies };
    const response = await h.call('POST', '/api/v1/fleet/import', {
      body: { version: 1, baseCurrency: 'USD', sites: [{ ...siteOf('tx-west-1'), name: 'Renamed' }] },
    });
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
    expect(await storedIds()).toEqual(allIds);
    expect((await h.app.services.fleet.fleet())?.currencies).toEqual(rates);
    const [audit] = await h.storage.audit.list({ target: 'fleet', limit: 1 });
    expect(audit?.details).toMatchObject({ mode: 'merge', sites: ['tx-west-1'], currencies: rates });
    // A CAD site still plans with a rate after a restart (the rates come back from the audit record).
    const { FleetService } = await import('../../src/server/services/fleet-service.ts');
    const restarted = new FleetService(h.storage, () => 0);
    await restarted.restore();
    expect((await restarted.fleet())?.currencies).toEqual(rates);
  });

  it('refuses a merge that takes away a rate a site it does not name uses, naming site and field', async () => {
    const before = await h.call('GET', '/api/v1/sites');
    const response = await h.call('POST', '/api/v1/fleet/import', {
      body: { version: 1, mode: 'merge', currencies: { CAD: null }, sites: [siteOf('tx-west-2')] },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('SY_ERR_FLEET_CHANGE_STRANDS_SITE');
    expect(response.body.error.details.siteId).toMatch(/^ab-/);
    expect(response.body.error.details.field).toMatch(/currency|supply/);
    expect((await h.call('GET', '/api/v1/sites')).body).toEqual(before.body);
    expect((await h.app.services.fleet.fleet())?.currencies).toEqual(exampleFleet.currencies);
  });

  it('replaces the fleet only when asked: sites and rates become the file', async () => {
    const response = await h.call('POST', '/api/v1/fleet/import', {
      body: { version: 1, mode: 'replace', sites: [siteOf('tx-west-3')] },
    });
    expect(response.status).toBe(200);
    expect(await storedIds()).toEqual(['tx-west-3']);
    expect((await h.app.services.fleet.fleet())?.currencies).toEqual({});
    const bad = await h.call('POST', '/api/v1/fleet/import', {
      body: { version: 1, mode: 'overwrite', sites: [siteOf('tx-west-3')] },
    });
    expect(bad.status).toBe(400);
  });
});
