import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { type ApiBody, type Harness, startHarness } from '../server/app-harness.ts';
import { type EmulatedGpuHub, gpuHubSite, startGpuHub } from './gpu-hub.ts';

const T0 = Date.parse('2023-08-10T04:00:00Z');

/**
 * The marketplace through its HTTP API on a real database, with a real allocator and emulated GPU
 * nodes behind their HTTP API: quote, lease, run, stop, meter, invoice; preemption with notice;
 * tenants isolated from each other.
 */
describe('GPU marketplace API', () => {
  let h: Harness;
  let hub: EmulatedGpuHub;
  let acme: string;
  let other: string;

  beforeAll(async () => {
    let clockRef: ManualClock | undefined;
    h = await startHarness({
      atMs: T0,
      compute: (clock) => {
        clockRef = clock;
        return {
          // Resolved lazily: the hub starts after the app.
          freeGpus: (...a) => hub.backend.freeGpus(...a),
          provision: (...a) => hub.backend.provision(...a),
          start: (...a) => hub.backend.start(...a),
          stop: (...a) => hub.backend.stop(...a),
          preempt: (...a) => hub.backend.preempt(...a),
          status: (...a) => hub.backend.status(...a),
        };
      },
    });
    hub = await startGpuHub(clockRef!);
    expect(
      (await h.call('POST', '/api/v1/fleet/import', { body: { version: 1, sites: [gpuHubSite] } })).status,
    ).toBe(200);
    const created = await h.call('POST', '/api/v1/market/tenants', {
      body: { name: 'Acme AI', spendingLimitCents: 1_000_000, maxGpus: 24 },
    });
    expect(created.status).toBe(201);
    acme = created.body.apiKey;
    other = (
      await h.call('POST', '/api/v1/market/tenants', {
        body: { name: 'Other', spendingLimitCents: 100_000, maxGpus: 8 },
      })
    ).body.apiKey;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await hub?.close();
  });

  const tick = () => h.app.services.marketplace.runner.tick();
  const quote = async (key: string, body: object) => {
    const response = await h.call('POST', '/api/v1/market/quotes', {
      key,
      body: { siteId: 'gpu-hub', groupId: 'h100', ...body },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  const lease = (key: string, quoteId: string, idem: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/market/leases',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': idem },
      payload: { quoteId },
    });

  it('offers the hub with free GPUs, per-tier prices and green share', async () => {
    const { status, body } = await h.call('GET', '/api/v1/market/offers?gpuModel=H100%20SXM', { key: acme });
    expect(status).toBe(200);
    expect(body.offers).toEqual([
      expect.objectContaining({
        siteId: 'gpu-hub',
        groupId: 'h100',
        totalGpus: 32,
        freeGpus: 32,
        preemptNoticeSeconds: 120,
      }),
    ]);
    const prices = body.offers[0].prices;
    expect(prices.interruptible).toBeLessThan(prices['on-demand']);
  });

  it('8 H100 on-demand: quote, lease, run, stop; the invoice is metered seconds x quoted rate to the cent', async () => {
    const q = await quote(acme, { tier: 'on-demand', gpus: 8 });
    expect(q.components.reduce((s: number, c: ApiBody) => s + c.centsPerGpuHour, 0)).toBe(
      q.rateCentsPerGpuHour,
    );
    expect(q.expiresAtMs).toBeGreaterThan(T0);
    const first = await lease(acme, q.id, 'acme-od-1');
    expect(first.statusCode).toBe(201);
    const booked = first.json();
    expect(booked.state).toBe('pending');
    const retry = await lease(acme, q.id, 'acme-od-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(booked.id);

    await tick(); // placed
    await tick(); // started on the node
    const running = (await h.call('GET', `/api/v1/market/leases/${booked.id}`, { key: acme })).body;
    expect(running.state).toBe('running');
    expect(running.placements).toHaveLength(1);
    const startedAt = h.clock.nowMs();
    expect(
      hub.nodes.some((n) =>
        n.status().workloads.some((w) => w.id.startsWith(booked.id) && w.state === 'running'),
      ),
    ).toBe(true);

    h.clock.advance(5_025_900); // 1 h 23 min 45.9 s
    await tick();
    const stopped = await h.call('POST', `/api/v1/market/leases/${booked.id}/stop`, { key: acme });
    expect(stopped.status).toBe(200);
    expect(stopped.body.state).toBe('completed');
    expect(stopped.body.transitions.map((t: ApiBody) => t.state)).toEqual([
      'pending',
      'provisioning',
      'running',
      'completed',
    ]);
    expect(stopped.body.transitions.at(-1).atMs).toBe(startedAt + 5_025_900);

    const gpuSeconds = 5025 * 8;
    const expectedCents = Math.round((gpuSeconds * q.rateCentsPerGpuHour) / 3600);
    expect(stopped.body.usage).toEqual({ gpuSeconds, amountCents: expectedCents });
    const invoice = (await h.call('GET', '/api/v1/market/invoices/2023-08', { key: acme })).body;
    const line = invoice.lines.find((l: ApiBody) => l.leaseId === booked.id);
    expect(line).toMatchObject({
      tier: 'on-demand',
      state: 'running',
      gpuSeconds,
      rateCentsPerGpuHour: q.rateCentsPerGpuHour,
      amountCents: expectedCents,
    });
    expect(line.energyWh).toBeGreaterThan(0);
    expect(invoice.totalCents).toBe(expectedCents);
  });

  it('keeps tenants apart: another tenant cannot read, stop or see the lease or its invoice', async () => {
    const { leases } = (await h.call('GET', '/api/v1/market/leases', { key: acme })).body;
    const id = leases[0].id;
    expect((await h.call('GET', `/api/v1/market/leases/${id}`, { key: other })).status).toBe(404);
    expect((await h.call('POST', `/api/v1/market/leases/${id}/stop`, { key: other })).status).toBe(404);
    expect((await h.call('GET', '/api/v1/market/leases', { key: other })).body.leases).toEqual([]);
    expect((await h.call('GET', '/api/v1/market/invoices/2023-08', { key: other })).body.totalCents).toBe(0);
    const acmeTenant = (await h.call('GET', '/api/v1/market/tenant', { key: acme })).body.id;
    expect(
      (await h.call('GET', `/api/v1/market/invoices?tenantId=${acmeTenant}`, { key: other })).status,
    ).toBe(403);
    expect(
      (
        await h.call('POST', '/api/v1/market/tenants', {
          key: other,
          body: { name: 'x', spendingLimitCents: 1, maxGpus: 1 },
        })
      ).status,
    ).toBe(403);
  });

  it('refuses with clear errors: quota, expired quote, invalid term', async () => {
    const big = await quote(other, { tier: 'on-demand', gpus: 16 });
    const refused = await lease(other, big.id, 'other-big');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('SY_ERR_MARKET_QUOTA_EXCEEDED');
    const q = await quote(other, { tier: 'on-demand', gpus: 1 });
    h.clock.advance(301_000);
    const expired = await lease(other, q.id, 'other-late');
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('SY_ERR_MARKET_QUOTE_EXPIRED');
    const bad = await h.call('POST', '/api/v1/market/quotes', {
      key: other,
      body: { siteId: 'gpu-hub', groupId: 'h100', tier: 'reserved', gpus: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'SY_ERR_MARKET_TERM_INVALID',
      details: { field: 'termDays' },
    });
  });

  it('preempts an interruptible lease when the site needs its energy: notice first, then the end, billed to that point', async () => {
    const q = await quote(acme, { tier: 'interruptible', gpus: 8 });
    const booked = (await lease(acme, q.id, 'acme-int-1')).json();
    await tick();
    await tick();
    expect((await h.call('GET', `/api/v1/market/leases/${booked.id}`, { key: acme })).body.state).toBe(
      'running',
    );
    h.clock.advance(600_000);
    // A grid event leaves 5 kW: the idle GPUs (3.2 kW) and two interruptible ones at most.
    const now = h.clock.nowMs();
    const event = await h.call('POST', '/api/v1/grid-events', {
      body: {
        siteIds: ['gpu-hub'],
        start: new Date(now).toISOString(),
        end: new Date(now + 3_600_000).toISOString(),
        shedMw: 0.095,
      },
    });
    expect(event.status).toBe(201);
    const noticed = (await h.call('GET', `/api/v1/market/leases/${booked.id}`, { key: acme })).body;
    expect(noticed.state).toBe('preempting');
    expect(noticed.preemptAtMs).toBe(now + 120_000);
    expect(noticed.transitions.at(-1).reason).toContain('energy needed');
    h.clock.advance(60_000);
    await tick();
    expect((await h.call('GET', `/api/v1/market/leases/${booked.id}`, { key: acme })).body.state).toBe(
      'preempting',
    );
    h.clock.advance(61_000);
    await tick();
    const ended = (await h.call('GET', `/api/v1/market/leases/${booked.id}`, { key: acme })).body;
    expect(ended.state).toBe('preempted');
    expect(ended.transitions.at(-1).atMs).toBe(now + 120_000);
    // Billed: 600 s running + 120 s of notice, 8 GPUs, nothing after the end.
    h.clock.advance(3_600_000);
    await tick();
    const invoice = (await h.call('GET', '/api/v1/market/invoices/2023-08', { key: acme })).body;
    const lines = invoice.lines.filter((l: ApiBody) => l.leaseId === booked.id);
    expect(lines.map((l: ApiBody) => [l.state, l.gpuSeconds])).toEqual([
      ['running', 600 * 8],
      ['preempting', 120 * 8],
    ]);
    expect(lines.reduce((s: number, l: ApiBody) => s + l.amountCents, 0)).toBe(
      Math.round((720 * 8 * q.rateCentsPerGpuHour) / 3600),
    );
  });

  it('reclaims interruptible GPUs with notice when a committed lease needs the capacity', async () => {
    const spot = await quote(acme, { tier: 'interruptible', gpus: 24 });
    const held = (await lease(acme, spot.id, 'acme-int-24')).json();
    await tick();
    await tick();
    expect((await h.call('GET', `/api/v1/market/leases/${held.id}`, { key: acme })).body.state).toBe(
      'running',
    );
    const otherId = (await h.call('GET', '/api/v1/market/tenant', { key: other })).body.id;
    expect(
      (await h.call('PATCH', `/api/v1/market/tenants/${otherId}`, { body: { maxGpus: 16 } })).status,
    ).toBe(200);
    const refused = await lease(
      other,
      (await quote(other, { tier: 'on-demand', gpus: 16 })).id,
      'other-od-16',
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'SY_ERR_MARKET_NO_CAPACITY',
      details: { freeGpus: 8, reclaimingGpus: 24, freeFromMs: h.clock.nowMs() + 120_000 },
    });
    const noticed = (await h.call('GET', `/api/v1/market/leases/${held.id}`, { key: acme })).body;
    expect(noticed.state).toBe('preempting');
    expect(noticed.transitions.at(-1).reason).toContain('capacity needed');
    h.clock.advance(121_000);
    await tick();
    expect((await h.call('GET', `/api/v1/market/leases/${held.id}`, { key: acme })).body.state).toBe(
      'preempted',
    );
    const granted = await lease(
      other,
      (await quote(other, { tier: 'on-demand', gpus: 16 })).id,
      'other-od-16b',
    );
    expect(granted.statusCode).toBe(201);
  });
});
