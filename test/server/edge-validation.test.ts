import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { type Harness, startHarness } from './app-harness.ts';

const NUL = '\u0000';
const T0 = Date.parse('2023-08-10T19:00:00Z');

/** One GPU site, enough for every route below; its id is a valid topic level. */
const site = {
  id: 'edge-hub',
  name: 'Edge hub',
  region: 'north-america',
  country: 'US',
  timeZone: 'America/New_York',
  coordinates: { lat: 33.16, lon: -83.8 },
  grid: { importMw: 0.1 },
  supply: [{ kind: 'fixed', pricePerMwh: 50 }],
  pue: 1.1,
  minerGroups: [],
  gpuNodes: [{ id: 'h100', model: 'H100 SXM', count: 8, wattsPerGpu: 700, idleWattsPerGpu: 90 }],
  pool: { name: 'none', feePercent: 0 },
};

const reading = {
  deviceId: 'gpu-1',
  kind: 'gpu',
  atMs: T0,
  state: 'busy',
  hashrateThs: null,
  powerW: 600,
  maxTempC: 60,
  utilisation: 0.9,
};

/**
 * Issue 13, defects 5, 8 and 11: input the columns cannot hold, that MQTT refuses, or that Node's
 * parser refused bare, each answered with a 4xx in the error envelope and nothing stored; on
 * PGlite and on PostgreSQL (the database's own errors are the second line).
 */
describe.each([
  ['PGlite', false],
  ['PostgreSQL', true],
])('edge validation on %s', (_name, postgres) => {
  let h: Harness;
  let database: TestDatabase | undefined;
  let agentKey: string;
  let tenantId: string;
  let tenantKey: string;

  beforeAll(async () => {
    database = postgres ? await createTestDatabase() : undefined;
    h = await startHarness({ atMs: T0, ...(database ? { databaseUrl: database.url } : {}) });
    expect(
      (await h.call('POST', '/api/v1/fleet/import', { body: { version: 1, sites: [site] } })).status,
    ).toBe(200);
    agentKey = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 'agent', role: 'agent', siteId: site.id } })
    ).body.key;
    const tenant = await h.call('POST', '/api/v1/market/tenants', {
      body: { name: 'Acme', spendingLimitCents: 100_000, maxGpus: 8 },
    });
    tenantId = tenant.body.tenant?.id ?? tenant.body.id;
    tenantKey = tenant.body.apiKey;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  const expectRefused = (response: { status: number; body: { error?: { code: string } } }, status = 400) => {
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
    expect(response.body.error?.code).toMatch(/^SY_ERR_/);
  };

  it('refuses a NUL byte in any string: bodies, path parameters, queries', async () => {
    expectRefused(
      await h.call('POST', '/api/v1/curtailments', { body: { siteIds: [site.id], reason: `a${NUL}b` } }),
    );
    expectRefused(
      await h.call('POST', `/api/v1/sites/${site.id}/telemetry`, {
        key: agentKey,
        body: { siteId: site.id, batchId: `b${NUL}`, sentAtMs: T0, readings: [reading] },
      }),
    );
    expectRefused(
      await h.call('POST', `/api/v1/sites/${site.id}/telemetry`, {
        key: agentKey,
        body: {
          siteId: site.id,
          batchId: 'b1',
          sentAtMs: T0,
          readings: [{ ...reading, deviceId: `g${NUL}` }],
        },
      }),
    );
    expectRefused(
      await h.call('POST', `/api/v1/sites/${site.id}/acks`, {
        key: agentKey,
        body: { seq: 1, atMs: T0, ok: true, message: `m${NUL}`, reachedMiningMw: 0 },
      }),
    );
    expectRefused(await h.call('POST', '/api/v1/api-keys', { body: { name: `k${NUL}`, role: 'admin' } }));
    expectRefused(
      await h.call('POST', '/api/v1/market/tenants', {
        body: { name: `t${NUL}`, spendingLimitCents: 1, maxGpus: 1 },
      }),
    );
    expectRefused(await h.call('GET', '/api/v1/market/leases/a%00b'));
    expectRefused(await h.call('GET', '/api/v1/allocation/runs/a%00b'));
    expectRefused(await h.call('DELETE', '/api/v1/curtailments/a%00b'));
    expectRefused(await h.call('GET', '/api/v1/audit?target=a%00b'));
    const audit = await h.call('GET', '/api/v1/audit?limit=1000');
    expect(JSON.stringify(audit.body)).not.toContain('\\u0000');
  });

  it('refuses numbers the columns cannot hold', async () => {
    expectRefused(
      await h.call('POST', '/api/v1/market/tenants', {
        body: { name: 'Big', spendingLimitCents: 1e20, maxGpus: 1 },
      }),
    );
    expectRefused(
      await h.call('PATCH', `/api/v1/market/tenants/${tenantId}`, { body: { maxGpus: 3_000_000_000 } }),
    );
    for (const sentAtMs of [1.5, 1e20, -1, 0]) {
      expectRefused(
        await h.call('POST', `/api/v1/sites/${site.id}/telemetry`, {
          key: agentKey,
          body: { siteId: site.id, batchId: `b-${sentAtMs}`, sentAtMs, readings: [reading] },
        }),
      );
    }
    expectRefused(await h.call('GET', '/api/v1/market/leases?limit=1e309'));
    expectRefused(await h.call('GET', '/api/v1/allocation/runs?limit=1e309'));
    expectRefused(
      await h.call('PUT', `/api/v1/sites/${site.id}?expectedVersion=99999999999999999999`, { body: site }),
    );
    expectRefused(
      await h.call('POST', '/api/v1/market/quotes', {
        key: tenantKey,
        body: { siteId: site.id, groupId: 'h100', tier: 'on-demand', gpus: 1e20 },
      }),
    );
    expectRefused(
      await h.call('POST', '/api/v1/market/quotes', {
        key: tenantKey,
        body: {
          siteId: site.id,
          groupId: 'h100',
          tier: 'batch',
          gpus: 1,
          batch: { gpuHours: 1, deadlineMs: 1e20, maxCentsPerGpuHour: 500 },
        },
      }),
    );
    expectRefused(await h.call('GET', `/api/v1/sites/${site.id}/history?hours=1e309`));
    expectRefused(await h.call('GET', `/api/v1/sites/${site.id}/setpoints?from=1e309`));
    expectRefused(await h.call('GET', `/api/v1/sites/${site.id}/telemetry/minutes?from=0&to=1e309`));
  });

  it('refuses over HTTP the telemetry and acks MQTT refuses (times, magnitudes)', async () => {
    for (const bad of [
      { atMs: 0 },
      { atMs: -5 },
      { hashrateThs: 1e308 },
      { powerW: 1e308 },
      { maxTempC: 1e9 },
    ]) {
      expectRefused(
        await h.call('POST', `/api/v1/sites/${site.id}/telemetry`, {
          key: agentKey,
          body: { siteId: site.id, batchId: 'b-bad', sentAtMs: T0, readings: [{ ...reading, ...bad }] },
        }),
      );
    }
    for (const bad of [{ atMs: 0 }, { atMs: 1e20 }, { reachedMiningMw: 1e308 }, { seq: 1e20 }]) {
      expectRefused(
        await h.call('POST', `/api/v1/sites/${site.id}/acks`, {
          key: agentKey,
          body: { seq: 1, atMs: T0, ok: true, message: 'ok', reachedMiningMw: 0, ...bad },
        }),
      );
    }
    const stored = await h.storage.telemetry.latest(site.id);
    expect(stored).toEqual([]);
  });

  it('refuses a site id that cannot be an MQTT topic level, and stores nothing', async () => {
    for (const id of ['x'.repeat(100_000), 'a/b', 'a+b', 'a#']) {
      const response = await h.call('POST', '/api/v1/fleet/import', {
        body: { version: 1, sites: [{ ...site, id }] },
      });
      expectRefused(response);
    }
    const sites = await h.call('GET', '/api/v1/sites');
    expect(sites.body.sites.map((s: { site: { id: string } }) => s.site.id)).toEqual([site.id]);
  });

  it('drops a __proto__ key instead of calling the body invalid JSON', async () => {
    const response = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/market/tenants/${tenantId}`,
      headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' },
      payload: '{"__proto__": {"polluted": true}, "maxGpus": 6}',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ maxGpus: 6 });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('answers a 100 kB URL with 414 in the error envelope (inject and a real socket)', async () => {
    const url = `/api/v1/sites?x=${'a'.repeat(100_000)}`;
    const injected = await h.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(injected.statusCode).toBe(414);
    expect(injected.json().error.code).toBe('SY_ERR_REQUEST_TOO_LARGE');
    if (postgres) return; // one real socket is enough
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (h.app.server.address() as { port: number }).port;
    for (const [path, status] of [
      [url, 414],
      [`/api/v1/sites?x=${'a'.repeat(300_000)}`, 431],
    ] as const) {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.body).error.code).toBe('SY_ERR_REQUEST_TOO_LARGE');
    }
  });
});
