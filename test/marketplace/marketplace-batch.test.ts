import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import type { ComputeBackend } from '../../src/core/ports/compute-backend.ts';
import { type ApiBody, type Harness, startHarness } from '../server/app-harness.ts';
import { type EmulatedGpuHub, gpuHubSite, startGpuHub } from './gpu-hub.ts';

// 18:00 in New York (EDT): the off-peak window is 00:00-06:00 local, i.e. 04:00-10:00 UTC.
const T0 = Date.parse('2023-08-10T22:00:00Z');
const INTERVAL = 900_000;
const touHub = {
  ...gpuHubSite,
  supply: [
    { kind: 'time-of-use', basePricePerMwh: 120, periods: [{ fromHour: 0, toHour: 6, pricePerMwh: 20 }] },
  ],
};

/** Batch work: the allocator places it in the cheapest hours before its deadline; a missed deadline is not charged. */
describe('batch GPU-hours placed by the allocator', () => {
  let h: Harness;
  let hub: EmulatedGpuHub;
  let key: string;

  beforeAll(async () => {
    let clock: ManualClock | undefined;
    const lazy = new Proxy({} as ComputeBackend, {
      // Only the methods the hub's backend has (optional ones it lacks stay absent).
      get: (_, name: string) => {
        const method = (hub?.backend as unknown as Record<string, unknown> | undefined)?.[name];
        return typeof method === 'function'
          ? (...args: never[]) => (method as (...a: never[]) => unknown).apply(hub.backend, args)
          : undefined;
      },
    });
    h = await startHarness({
      atMs: T0,
      compute: (c) => {
        clock = c;
        return lazy;
      },
    });
    hub = await startGpuHub(clock!);
    expect(
      (await h.call('POST', '/api/v1/fleet/import', { body: { version: 1, sites: [touHub] } })).status,
    ).toBe(200);
    key = (
      await h.call('POST', '/api/v1/market/tenants', {
        body: { name: 'Batcher', spendingLimitCents: 10_000_000, maxGpus: 32 },
      })
    ).body.apiKey;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await hub?.close();
  });

  const get = async (id: string) => (await h.call('GET', `/api/v1/market/leases/${id}`, { key })).body;
  /** Runs the allocation step of each interval from now to `untilMs`, the lease runner every 5 minutes. */
  async function runUntil(untilMs: number): Promise<void> {
    while (h.clock.nowMs() < untilMs) {
      const now = h.clock.nowMs();
      if (now % INTERVAL === 0) await h.app.services.loop.step(now);
      await h.app.services.marketplace.runner.tick();
      h.clock.advance(300_000);
    }
  }

  it('waits for the off-peak hours, runs 16 GPU-hours there, completes and bills exactly them', async () => {
    const quote = await h.call('POST', '/api/v1/market/quotes', {
      key,
      body: {
        siteId: 'gpu-hub',
        groupId: 'h100',
        tier: 'batch',
        gpus: 8,
        batch: { gpuHours: 16, deadlineMs: T0 + 16 * 3_600_000, maxCentsPerGpuHour: 400 },
      },
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    const lease = (
      await h.app.inject({
        method: 'POST',
        url: '/api/v1/market/leases',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'batch-1' },
        payload: { quoteId: quote.body.id },
      })
    ).json();
    await runUntil(T0 + 5 * 3_600_000); // to 23:00 local: still peak price
    expect((await get(lease.id)).state).toBe('pending');
    await runUntil(T0 + 12 * 3_600_000); // to 06:00 local
    const done = await get(lease.id);
    expect(done.state).toBe('completed');
    const started = done.transitions.find((t: ApiBody) => t.state === 'running').atMs;
    const hourUtc = new Date(started).getUTCHours();
    expect(hourUtc).toBeGreaterThanOrEqual(4); // off-peak starts 04:00 UTC
    expect(hourUtc).toBeLessThan(10);
    expect(done.transitions.at(-1).reason).toBe('ran its 16 GPU-hours');
    expect(done.usage).toEqual({ gpuSeconds: 16 * 3600, amountCents: 16 * quote.body.rateCentsPerGpuHour });
  }, 120_000);

  it('does not charge a batch job that misses its deadline, and says why', async () => {
    // Four GPUs for 40 GPU-hours due in 6 hours cannot be done: the quote refuses it up front.
    const impossible = await h.call('POST', '/api/v1/market/quotes', {
      key,
      body: {
        siteId: 'gpu-hub',
        groupId: 'h100',
        tier: 'batch',
        gpus: 4,
        batch: { gpuHours: 40, deadlineMs: h.clock.nowMs() + 6 * 3_600_000, maxCentsPerGpuHour: 400 },
      },
    });
    expect(impossible.body.error).toMatchObject({
      code: 'SY_ERR_MARKET_TERM_INVALID',
      details: { field: 'batch.deadlineMs' },
    });
    // Feasible on paper, but the site loses its power for the whole window.
    const now = h.clock.nowMs();
    const q = await h.call('POST', '/api/v1/market/quotes', {
      key,
      body: {
        siteId: 'gpu-hub',
        groupId: 'h100',
        tier: 'batch',
        gpus: 8,
        batch: { gpuHours: 8, deadlineMs: now + 2 * 3_600_000, maxCentsPerGpuHour: 400 },
      },
    });
    const lease = (
      await h.app.inject({
        method: 'POST',
        url: '/api/v1/market/leases',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'batch-2' },
        payload: { quoteId: q.body.id },
      })
    ).json();
    await h.call('POST', '/api/v1/grid-events', {
      body: {
        siteIds: ['gpu-hub'],
        start: new Date(now).toISOString(),
        end: new Date(now + 3 * 3_600_000).toISOString(),
        shedMw: 0.1,
      },
    });
    await runUntil(now + 2 * 3_600_000 + 600_000);
    const failed = await get(lease.id);
    expect(failed.state).toBe('failed');
    expect(failed.transitions.at(-1).reason).toMatch(/^deadline missed: ran 0\.0 of 8 GPU-hours/);
    expect(failed.usage.amountCents).toBe(0);
  }, 120_000);
});
