import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invoiceFixture,
  leaseFixture,
  poolFixture,
  segmentFixture,
  tenantFixture,
} from '../../src/adapters/storage/marketplace-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { exampleFleet, type Harness, startHarness } from './app-harness.ts';

const MONTH = '2023-08';
const ALWAYS_ON = 'strategy=always-on';
const H = 3_600_000;

/** Two sites of the example fleet: tx-west-1 (a demand-response event, now with a credit, and PPLNS) and ga-hub (GPUs). */
function reportFleet(feePercent = 1.5) {
  const pick = (id: string) => structuredClone(exampleFleet.sites.find((s: { id: string }) => s.id === id));
  const tx = pick('tx-west-1');
  tx.demandResponse[0].creditUsdPerMwh = 120;
  tx.pool = { name: 'Foundry USA', feePercent, scheme: 'pplns', hashrateSharePercent: 30 };
  return { ...exampleFleet, sites: [tx, pick('ga-hub')] };
}

// The same suite on embedded PGlite and on the real PostgreSQL (127.0.0.1:5432).
describe.each(['PGlite', 'PostgreSQL'])('the monthly report over the API on %s', (kind) => {
  let h: Harness;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === 'PostgreSQL') database = await createTestDatabase();
    // 15 September 2023: August is over (booked), September is not (a preview).
    h = await startHarness({ databaseUrl: database?.url, atMs: Date.parse('2023-09-15T12:00:00Z') });
    expect((await h.call('POST', '/api/v1/fleet/import', { body: reportFleet() })).status).toBe(200);
    // The marketplace: acme invoiced for August (reserved), beta metered (interruptible, 4 h in August).
    const m = h.storage.marketplace;
    const pool = poolFixture('ga-hub', 'h100-sxm', { totalGpus: 1024, gpuModel: 'H100 SXM' });
    if (!(await m.getPool('ga-hub', 'h100-sxm'))) await m.syncPools([pool]);
    for (const id of ['acme', 'beta']) await m.createTenant(tenantFixture(id, { maxGpus: 512 }));
    await m.putInvoice(
      invoiceFixture('inv-acme-2023-08', 'acme', MONTH, {
        lines: [
          {
            leaseId: 'lease-acme',
            tier: 'reserved',
            siteId: 'ga-hub',
            gpuModel: 'H100 SXM',
            state: 'reserved',
            gpuSeconds: 64 * 744 * 3600,
            rateCentsPerGpuHour: 180,
            amountCents: 64 * 744 * 180,
            energyWh: 0,
            greenWh: 0,
          },
        ],
        totalCents: 64 * 744 * 180,
      }),
    );
    const lease = leaseFixture('lease-beta', 'beta', pool, {
      tier: 'interruptible',
      gpus: 8,
      rateCentsPerGpuHour: 95,
    });
    expect((await m.book(lease)).ok).toBe(true);
    const end = Date.parse('2023-09-01T00:00:00Z');
    await m.putMeterSegment(
      segmentFixture('lease-beta', 1, { fromMs: end - 4 * H, toMs: end + 2 * H, gpus: 8 }),
    );
    // A grid event entered in the control plane (no credit price) at ga-hub.
    await h.storage.gridEvents.create({
      id: 'grid-2023-08-21',
      siteIds: ['ga-hub'],
      startMs: Date.parse('2023-08-21T19:00:00Z'),
      endMs: Date.parse('2023-08-21T21:00:00Z'),
      receivedAtMs: Date.parse('2023-08-21T18:00:00Z'),
      createdBy: 'test',
    });
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await database?.drop();
  });

  it('serves the ended month as JSON, books only its actual events (lease invoices and meter records), never the simulated figures', {
    timeout: 120_000,
  }, async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/reports/monthly/${MONTH}?${ALWAYS_ON}`,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const booked = Number(response.headers['x-ledger-booked']);
    // The invoice of acme and the metered month of beta: actual events; production, energy, the
    // simulated GPU market and DR credits are the plan and are not booked.
    expect(booked).toBe(2);
    const report = JSON.parse(response.body);
    expect(report.month).toBe(MONTH);
    expect(report.sites.map((s: { siteId: string }) => s.siteId)).toEqual(['ga-hub', 'tx-west-1']);
    expect(report.monthOverMonth.previousMonth).toBe('2023-07');
    expect(report.notes).toContainEqual(
      expect.stringMatching(/^tx-west-1: PPLNS payout from each day's actual blocks/),
    );

    // Lease revenue by tier, GPU-hours sold and utilisation of ga-hub's 1536 GPUs.
    const acmeCents = 64 * 744 * 180;
    const betaCents = 8 * 4 * 95;
    expect(report.leases.total.byTier).toEqual([
      {
        tier: 'reserved',
        gpuSeconds: String(64 * 744 * 3600),
        gpuHours: '47616.000',
        revenueMicroUsd: `${acmeCents}0000`,
      },
      {
        tier: 'interruptible',
        gpuSeconds: String(8 * 4 * 3600),
        gpuHours: '32.000',
        revenueMicroUsd: `${betaCents}0000`,
      },
    ]);
    expect(report.leases.sites[0]).toMatchObject({
      siteId: 'ga-hub',
      gpuHours: '47648.000',
      utilisationBps: '417',
    });
    expect(report.leases.tenants).toEqual([
      { tenantId: 'acme', source: 'invoice', revenueMicroUsd: `${acmeCents}0000` },
      { tenantId: 'beta', source: 'meter', revenueMicroUsd: `${betaCents}0000` },
    ]);

    // Demand response: the fleet's event earns its credit on the curtailed MWh; the grid event has no price.
    const byId = (id: string) => report.drEvents.find((e: { eventId: string }) => e.eventId === id);
    const fleetEvent = byId('ercot-conservation-2023-08-10');
    const gridEvent = byId('grid-2023-08-21');
    expect(fleetEvent).toMatchObject({
      siteId: 'tx-west-1',
      eventId: 'ercot-conservation-2023-08-10',
      source: 'fleet',
    });
    expect(BigInt(fleetEvent.curtailedWh)).toBeGreaterThan(0n);
    expect(BigInt(fleetEvent.creditMicroUsd)).toBe(
      (BigInt(fleetEvent.curtailedWh) * 120_000_000n + 500_000n) / 1_000_000n,
    );
    expect(gridEvent).toMatchObject({
      siteId: 'ga-hub',
      eventId: 'grid-2023-08-21',
      source: 'grid-event',
      creditMicroUsd: '0',
    });
    expect(report.total.drCreditsMicroUsd).toBe(fleetEvent.creditMicroUsd);

    // The persistent ledger holds the month's actual events and agrees with the report's lease lines.
    const ledger = h.storage.ledger;
    expect(await ledger.list({ period: MONTH })).toHaveLength(booked);
    expect(report.notes.some((n: string) => n.startsWith('the ledger books actual events only'))).toBe(true);
    for (const site of report.sites) {
      expect(BigInt(site.btcMinedSats) > 0n).toBe(true);
      expect(await ledger.balance(`mining-revenue:${site.siteId}`, MONTH)).toBe(0n);
    }
    expect(-(await ledger.balance('lease-revenue:acme', MONTH))).toBe(BigInt(acmeCents) * 10_000n);
    expect(await ledger.balance('lease-receivable:beta', MONTH)).toBe(BigInt(betaCents) * 10_000n);
    expect(BigInt(report.total.drCreditsMicroUsd) > 0n).toBe(true);
    expect(await ledger.balance('dr-credits', MONTH)).toBe(0n);
    const gpuAndLeases = [...(await ledger.balances(MONTH, 'lease-revenue:')).values()].reduce(
      (s, v) => s - v,
      0n,
    );
    expect(gpuAndLeases).toBe(BigInt(report.total.leaseMicroUsd));
    expect([...(await ledger.balances(MONTH)).values()].reduce((s, v) => s + v, 0n)).toBe(0n);
    // Only the month is booked, not the previous month the report compares with.
    expect(await ledger.list({ period: '2023-07' })).toEqual([]);
  });

  it('books nothing twice, and serves CSV and HTML by suffix or format', async () => {
    const before = (await h.storage.ledger.list({ period: MONTH })).length;
    const csv = await h.app.inject({
      method: 'GET',
      url: `/api/v1/reports/monthly/${MONTH}.csv?${ALWAYS_ON}`,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['x-ledger-booked']).toBe('0');
    expect(Number(csv.headers['x-ledger-duplicates'])).toBe(before);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/,lease_revenue_usd,gpu_hours_sold,gpu_utilisation_pct,dr_credits_usd$/);
    expect(lines.filter((l) => l.includes(',lease-tier,')).map((l) => l.split(',')[2])).toEqual([
      'reserved',
      'interruptible',
    ]);
    expect(lines.at(-1)).toMatch(/^2023-08,fleet,total,/);
    const byFormat = await h.call('GET', `/api/v1/reports/monthly/${MONTH}?format=csv&${ALWAYS_ON}`);
    expect(byFormat.body).toBe(csv.body);
    const html = await h.app.inject({
      method: 'GET',
      url: `/api/v1/reports/monthly/${MONTH}?format=html&${ALWAYS_ON}`,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('AI leases (marketplace)');
    expect(html.body).toContain('Demand response');
    expect(html.body).not.toMatch(/<script|<link|(src|href)=/);
    expect(await h.storage.ledger.list({ period: MONTH })).toHaveLength(before);
  });

  it('previews a month that has not ended without booking it', { timeout: 120_000 }, async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/reports/monthly/2023-09.json?${ALWAYS_ON}`,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-ledger-booked']).toBe('preview');
    expect(JSON.parse(response.body).notes).toContain(
      '2023-09 has not ended (server clock): a preview, nothing was booked to the ledger',
    );
    expect(await h.storage.ledger.list({ period: '2023-09' })).toEqual([]);
  });

  it('refuses bad requests naming the field, and other roles', async () => {
    const bad = await h.call('GET', '/api/v1/reports/monthly/2023-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'SY_ERR_REQUEST_INVALID',
      details: { field: 'params/month' },
    });
    const contradiction = await h.call('GET', `/api/v1/reports/monthly/${MONTH}.csv?format=html`);
    expect(contradiction.body.error.details.field).toBe('querystring/format');
    const strategy = await h.call('GET', `/api/v1/reports/monthly/${MONTH}?strategy=guesswork`);
    expect(strategy.body.error.details.field).toMatch(/^querystring\/strategy/);
    const { key } = await h.app.services.auth.create({ name: 't', role: 'tenant', tenantId: 'acme' }, 'test');
    expect((await h.call('GET', `/api/v1/reports/monthly/${MONTH}`, { key })).status).toBe(403);
  });

  it('a changed fleet changes the plan, never the books: the simulated figures are not booked', {
    timeout: 120_000,
  }, async () => {
    const before = await h.storage.ledger.list({ period: MONTH });
    expect((await h.call('POST', '/api/v1/fleet/import', { body: reportFleet(2.5) })).status).toBe(200);
    const changed = await h.call('GET', `/api/v1/reports/monthly/${MONTH}?${ALWAYS_ON}`);
    expect(changed.status).toBe(200);
    expect(await h.storage.ledger.list({ period: MONTH })).toEqual(before);
    expect(before.every((p) => p.key.startsWith('lease-'))).toBe(true);
  });
});
