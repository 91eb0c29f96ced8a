import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { minerReading } from '../../src/adapters/storage/storage-fixtures.ts';
import { buildHashpriceCalendar } from '../../src/core/economics/hashprice-calendar.ts';
import { registerDashboard } from '../../src/server/plugins/dashboard.ts';
import { exampleFleet, type Harness, startHarness } from '../server/app-harness.ts';

/** The routes behind the dashboard, and the dashboard's static serving, on the in-process app. */
describe('the dashboard API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    expect((await h.call('POST', '/api/v1/fleet/import', { body: exampleFleet })).status).toBe(200);
    await h.app.services.loop.step(h.clock.nowMs());
  });
  afterAll(async () => h.close());

  it('says who the key is, for every role, with the server clock', async () => {
    const me = await h.call('GET', '/api/v1/me');
    expect(me.body).toEqual({ keyId: expect.any(String), role: 'admin', nowMs: h.clock.nowMs() });
    const { key } = await h.app.services.auth.create({ name: 't', role: 'tenant', tenantId: 't-1' }, 'test');
    expect((await h.call('GET', '/api/v1/me', { key })).body).toMatchObject({
      role: 'tenant',
      tenantId: 't-1',
    });
    expect((await h.call('GET', '/api/v1/me', { key: '' })).status).toBe(401);
    expect((await h.call('GET', '/api/v1/fleet/status', { key })).status).toBe(403);
  });

  it('gives the fleet at a glance: every site with its state, and the headline figures', async () => {
    const { status, body } = await h.call('GET', '/api/v1/fleet/status');
    expect(status).toBe(200);
    expect(body.sites).toHaveLength(exampleFleet.sites.length);
    const site = body.sites.find((s: { id: string }) => s.id === 'tx-west-1');
    expect(site).toMatchObject({ region: 'north-america', lat: 31.42, lon: -103.49, state: 'offline' });
    expect(site.deployedThs).toBeCloseTo(2_036_000, -3);
    expect(site.setpoint.seq).toBeGreaterThan(0);
    const t = body.totals;
    expect(t.deployedThs / 1e6).toBeCloseTo(49.9, 0);
    expect(t.operatingThs).toBeGreaterThan(0);
    expect(t.operatingThs).toBeLessThanOrEqual(t.deployedThs);
    expect(t.miningMw).toBeGreaterThan(0);
    expect(t.gpus).toBe(1536);
    expect(t.sitesOnline).toBe(0); // no agent has reported
    expect(Number.isInteger(t.earningsCentsPerHour)).toBe(true);
    expect(body.latestRun.status).toBe('completed');
  });

  it('counts BTC from pool credits, and estimates from measured hashrate the days not credited yet, labelled', async () => {
    const nowMs = h.clock.nowMs();
    const today = new Date(nowMs).toISOString().slice(0, 10);
    const dayStart = Date.parse(`${today}T00:00:00Z`);
    const yesterday = new Date(dayStart - 86_400_000).toISOString().slice(0, 10);
    // tx-west-1 measured 1 000 TH/s for the day's first hour; the pool credited it 0.01 BTC yesterday.
    const readings = Array.from({ length: 60 }, (_, m) =>
      minerReading('m-1', dayStart + m * 60_000 + 1_000, { hashrateThs: 1_000 }),
    );
    await h.storage.telemetry.ingest({ siteId: 'tx-west-1', batchId: 'btc-1', sentAtMs: dayStart, readings });
    const sameMonth = yesterday.slice(0, 7) === today.slice(0, 7);
    await h.storage.poolCredits.record({
      siteId: 'tx-west-1',
      source: 'braiins',
      account: 'tx-west-1',
      date: yesterday,
      creditedSats: 1_000_000n,
      recordedAtMs: nowMs,
    });
    h.clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 2100));
    let status = (await h.call('GET', '/api/v1/fleet/status')).body;
    while (status.nowMs !== h.clock.nowMs()) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await h.call('GET', '/api/v1/fleet/status')).body;
    }
    const t = status.totals;
    const market = await ReplayMarketData.load(dataDirFromEnv());
    const day = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs()).byDate.get(today)!;
    const fee =
      (exampleFleet.sites as { id: string; pool: { feePercent: number } }[]).find(
        (s) => s.id === 'tx-west-1',
      )!.pool.feePercent / 100;
    // An hour at 1 000 TH/s: 1/24 of a day's BTC per TH/s, less the pool fee.
    expect(t.btcToday).toBeCloseTo((1_000 / 24) * day.btcPerThDay * (1 - fee), 10);
    expect(t.btcTodayBasis).toBe('estimate');
    expect(t.btcMonthCredited).toBeCloseTo(sameMonth ? 0.01 : 0, 10);
    expect(t.btcMonth).toBeCloseTo(t.btcMonthCredited + t.btcMonthEstimated, 12);
    expect(t.btcMonthBasis).toBe(sameMonth ? 'mixed' : 'estimate');
  });

  it("gives a site's prices with the allocator's decisions, and its plan ahead", async () => {
    const history = await h.call('GET', '/api/v1/sites/tx-west-1/history?hours=6');
    expect(history.status).toBe(200);
    expect(history.body.intervals).toHaveLength(24);
    const decided = history.body.intervals.filter((i: { planned: unknown }) => i.planned !== null);
    expect(decided.length).toBeGreaterThan(0);
    expect(
      history.body.intervals.every((i: { priceUsdPerMwh: number }) => Number.isFinite(i.priceUsdPerMwh)),
    ).toBe(true);
    const plan = await h.call('GET', '/api/v1/sites/tx-west-1/plan');
    expect(plan.status).toBe(200);
    expect(plan.body.intervals).toHaveLength(96);
    expect(plan.body.explanation.length).toBeGreaterThan(0);
    expect((await h.call('GET', '/api/v1/sites/no-such-site/plan')).status).toBe(404);
  });

  it('lists compact runs and compares strategies on the last whole day', async () => {
    const digests = await h.call('GET', '/api/v1/allocation/digests?limit=5');
    expect(digests.body.runs[0].sites).toHaveLength(exampleFleet.sites.length);
    expect(digests.body.runs[0].sites[0]).toHaveProperty('explanation');
    const one = await h.call('GET', '/api/v1/allocation/digests?limit=5&detail=all&siteId=tx-west-1');
    expect(one.body.runs.every((r: { sites: unknown[] }) => r.sites.length === 1)).toBe(true);
    const strategies = await h.call('GET', '/api/v1/allocation/strategies?siteId=tx-west-1');
    expect(strategies.status).toBe(200);
    const byName = Object.fromEntries(
      strategies.body.strategies.map((s: { name: string; usdEarned: number }) => [s.name, s.usdEarned]),
    );
    expect(Object.keys(byName)).toEqual(['always-on', 'breakeven', 'lp-day-ahead', 'perfect-foresight']);
    expect(byName['perfect-foresight']).toBeGreaterThanOrEqual(byName['lp-day-ahead'] - 1);
    // A monthly demand charge is prorated to the day; the month's charge is shown apart.
    for (const s of strategies.body.strategies as {
      demandChargeUsd: number;
      demandChargeMonthUsd: number;
    }[]) {
      expect(s.demandChargeUsd).toBeLessThanOrEqual(s.demandChargeMonthUsd);
      expect(s.demandChargeUsd).toBeCloseTo(s.demandChargeMonthUsd / 31, 6); // August
    }
  });

  it('serves the built app at every non-API path, assets with a long cache life, JSON 404s under /api', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'switchyard-dist-'));
    try {
      writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dist, 'assets'));
      writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
      const Fastify = (await import('fastify')).default;
      const app = Fastify();
      await registerDashboard(app, { root: dist });
      app.get('/api/v1/known', async () => ({ ok: true }));
      const page = await app.inject({ url: '/sites/tx-west-1' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>app</title>');
      expect(page.headers['cache-control']).toBe('no-cache');
      const asset = await app.inject({ url: '/assets/app-abc123.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
      expect((await app.inject({ url: '/../package.json' })).statusCode).toBe(404);
      expect((await app.inject({ url: '/api/v1/unknown' })).statusCode).toBe(404);
      await app.close();
      // Without a build, `/` says how to make one.
      const bare = Fastify();
      await registerDashboard(bare, { root: join(dist, 'nothing') });
      expect((await bare.inject({ url: '/' })).body).toContain('npm run build:web');
      await bare.close();
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
