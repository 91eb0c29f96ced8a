import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { exampleFleet, type Harness, startHarness } from './app-harness.ts';

// The same suite on embedded PGlite and on the real PostgreSQL (127.0.0.1:5432).
describe.each(['PGlite', 'PostgreSQL'])('the control plane API on %s', (storage) => {
  let h: Harness;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    if (storage === 'PostgreSQL') database = await createTestDatabase();
    h = await startHarness({ databaseUrl: database?.url });
    const imported = await h.call('POST', '/api/v1/fleet/import', { body: exampleFleet });
    expect(imported.status).toBe(200);
  });
  afterAll(async () => {
    await h.close();
    await database?.drop();
  });

  it('serves health, the OpenAPI document and docs without a key, and nothing else', async () => {
    expect((await h.call('GET', '/healthz', { key: '' })).status).toBe(200);
    const openapi = await h.call('GET', '/api/v1/openapi.json', { key: '' });
    expect(openapi.status).toBe(200);
    expect(openapi.body.paths['/api/v1/sites/{siteId}']).toBeDefined();
    expect((await h.call('GET', '/docs', { key: '' })).status).toBeLessThan(400);
    const denied = await h.call('GET', '/api/v1/sites', { key: '' });
    expect(denied.status).toBe(401);
    expect(denied.body.error.code).toBe('SY_ERR_AUTH_REQUIRED');
    expect(
      (await h.call('GET', '/api/v1/sites', { key: 'sy_000000000000_notarealkeynotarealkey' })).status,
    ).toBe(401);
  });

  it('imports the example fleet and audits it', async () => {
    const sites = await h.call('GET', '/api/v1/sites');
    expect(sites.body.sites).toHaveLength(exampleFleet.sites.length);
    const audit = await h.call('GET', '/api/v1/audit?target=fleet');
    expect(audit.body.entries[0].action).toBe('fleet.import');
  });

  it('rejects a bad change with the field and the reason, and keeps what was stored', async () => {
    const before = await h.call('GET', '/api/v1/sites/tx-west-1');
    const bad = await h.call('PUT', '/api/v1/sites/tx-west-1/battery', {
      body: { ...before.body.site.battery, capacityMwh: -5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('SY_ERR_CONFIG_INVALID');
    expect(bad.body.error.details.issues).toContainEqual({
      path: 'battery.capacityMwh',
      message: 'must be > 0',
    });
    const after = await h.call('GET', '/api/v1/sites/tx-west-1');
    expect(after.body).toEqual(before.body);
  });

  it('changes a part of a site, with version checks and an audit record', async () => {
    const before = await h.call('GET', '/api/v1/sites/tx-west-2');
    const changed = await h.call(
      'PUT',
      `/api/v1/sites/tx-west-2/gpu-nodes/h100?expectedVersion=${before.body.version}`,
      {
        body: { model: 'H100 SXM', count: 64, wattsPerGpu: 700, idleWattsPerGpu: 90 },
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(before.body.version + 1);
    expect(changed.body.site.gpuNodes).toHaveLength(1);
    const stale = await h.call(
      'PUT',
      `/api/v1/sites/tx-west-2/gpu-nodes/h100?expectedVersion=${before.body.version}`,
      {
        body: { model: 'H100 SXM', count: 32, wattsPerGpu: 700, idleWattsPerGpu: 90 },
      },
    );
    expect(stale.status).toBe(409);
    const audit = await h.call('GET', '/api/v1/audit?target=site:tx-west-2');
    expect(audit.body.entries[0].action).toBe('site.gpu-nodes.upsert');
    expect(audit.body.entries[0].actor).toMatch(/^apikey:/);
  });

  it('enforces roles: operators cannot create keys, agents act only for their own site', async () => {
    const operator = (await h.call('POST', '/api/v1/api-keys', { body: { name: 'ops', role: 'operator' } }))
      .body.key;
    const forbidden = await h.call('POST', '/api/v1/api-keys', {
      key: operator,
      body: { name: 'x', role: 'admin' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('SY_ERR_AUTH_FORBIDDEN');
    const agent = (
      await h.call('POST', '/api/v1/api-keys', {
        body: { name: 'agent', role: 'agent', siteId: 'tx-west-1' },
      })
    ).body.key;
    const batch = (siteId: string) => ({
      siteId,
      batchId: `b-${siteId}-1`,
      sentAtMs: h.clock.nowMs(),
      readings: [
        {
          deviceId: 'm1',
          kind: 'miner',
          atMs: h.clock.nowMs(),
          state: 'hashing',
          hashrateThs: 200,
          powerW: 3500,
          maxTempC: 70,
          utilisation: null,
        },
      ],
    });
    expect(
      (await h.call('POST', '/api/v1/sites/tx-west-1/telemetry', { key: agent, body: batch('tx-west-1') }))
        .status,
    ).toBe(202);
    expect(
      (await h.call('POST', '/api/v1/sites/tx-west-2/telemetry', { key: agent, body: batch('tx-west-2') }))
        .status,
    ).toBe(403);
    expect((await h.call('GET', '/api/v1/sites', { key: agent })).status).toBe(403);
    const latest = await h.call('GET', '/api/v1/sites/tx-west-1/telemetry/latest');
    expect(latest.body.devices[0]).toMatchObject({ deviceId: 'm1', hashrateThs: 200 });
  });

  it('validates request bodies and names the field', async () => {
    const bad = await h.call('POST', '/api/v1/sites/tx-west-1/telemetry', {
      body: {
        siteId: 'tx-west-1',
        batchId: 'x',
        sentAtMs: Date.parse('2023-08-10T19:00:00Z'),
        readings: [{ deviceId: 'm', kind: 'toaster' }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('SY_ERR_REQUEST_INVALID');
    expect(bad.body.error.details.field).toMatch(/^body\/readings\/0/);
  });

  it('runs an allocation step once per interval, stores explanations and publishes a setpoint per site', async () => {
    const first = await h.call('POST', '/api/v1/allocation/run');
    expect(first.body.ran).toBe(true);
    const again = await h.call('POST', '/api/v1/allocation/run');
    expect(again.body.ran).toBe(false);
    const run = await h.call('GET', `/api/v1/allocation/runs/${first.body.runId}`);
    expect(run.body.status).toBe('completed');
    const tx = run.body.sites.find((s: { siteId: string }) => s.siteId === 'tx-west-1');
    expect(tx.explanation.join(' ')).toMatch(/group/);
    expect(h.published.filter((s) => s.runId === first.body.runId)).toHaveLength(exampleFleet.sites.length);
    const setpoints = await h.call('GET', '/api/v1/sites/tx-west-1/setpoints');
    expect(setpoints.body.setpoints.at(-1).seq).toBeGreaterThanOrEqual(1);
  });

  it('curtails a site now and releases it; the allocator honours both', async () => {
    const curtailment = await h.call('POST', '/api/v1/curtailments', {
      body: { siteIds: ['om-sohar'], reason: 'transformer check' },
    });
    expect(curtailment.status).toBe(201);
    await h.app.services.operations.settled();
    const before = h.published.findIndex((s) => s.siteId === 'om-sohar' && s.curtailed);
    // First the curtailed setpoint at once (no plan run), then the re-planned one, curtailed too.
    const sent = h.published.slice(before).filter((s) => s.siteId === 'om-sohar');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    for (const setpoint of sent) {
      expect(setpoint.curtailed).toBe(true);
      expect(setpoint.miningMw).toBe(0);
      expect(setpoint.reason).toMatch(/operator curtailment: transformer check/);
    }
    expect((await h.call('DELETE', `/api/v1/curtailments/${curtailment.body.id}`)).status).toBe(204);
    const released = h.published.filter((s) => s.siteId === 'om-sohar').at(-1)!;
    expect(released.curtailed).toBe(false);
    expect(released.miningMw).toBeGreaterThan(0);
  });

  it('records a grid event, its response time once every site acks, and its audit report', async () => {
    h.clock.advance(60_000);
    const start = new Date(h.clock.nowMs()).toISOString();
    const end = new Date(h.clock.nowMs() + 3_600_000).toISOString();
    const created = await h.call('POST', '/api/v1/grid-events', {
      body: { region: 'east-africa', start, end },
    });
    expect(created.status).toBe(201);
    const event = created.body;
    expect(event.siteIds.length).toBeGreaterThan(3);
    const agentKeys: Record<string, string> = {};
    h.clock.advance(4000);
    for (const siteId of event.siteIds) {
      const setpoint = h.published.filter((s) => s.siteId === siteId).at(-1)!;
      expect(setpoint.miningMw).toBe(0);
      agentKeys[siteId] = (
        await h.call('POST', '/api/v1/api-keys', { body: { name: siteId, role: 'agent', siteId } })
      ).body.key;
      const ack = await h.call('POST', `/api/v1/sites/${siteId}/acks`, {
        key: agentKeys[siteId],
        body: { seq: setpoint.seq, atMs: h.clock.nowMs(), ok: true, message: '', reachedMiningMw: 0 },
      });
      expect(ack.body.recorded).toBe(true);
    }
    const report = await h.call('GET', `/api/v1/grid-events/${event.id}/report`);
    expect(report.status).toBe(200);
    expect(report.body.responseSeconds).toBeCloseTo(4, 0);
    expect(report.body.sites[0].setpoints[0].ackedAtMs).toBeDefined();
  });

  it('raises an alert when a site does not reach its setpoint', async () => {
    const setpoint = h.published.filter((s) => s.siteId === 'tx-west-3').at(-1)!;
    const agent = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 'a3', role: 'agent', siteId: 'tx-west-3' } })
    ).body.key;
    await h.call('POST', '/api/v1/sites/tx-west-3/acks', {
      key: agent,
      body: {
        seq: setpoint.seq,
        atMs: h.clock.nowMs(),
        ok: true,
        message: 'two boards kept hashing',
        reachedMiningMw: setpoint.miningMw + 5,
      },
    });
    const alerts = await h.call('GET', '/api/v1/alerts?open=true');
    expect(
      alerts.body.alerts.some(
        (a: { kind: string; siteId: string }) =>
          a.kind === 'setpoint.not-reached' && a.siteId === 'tx-west-3',
      ),
    ).toBe(true);
  });

  it('exports Prometheus metrics', async () => {
    const metrics = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/switchyard_allocator_solve_seconds_count 1/);
    expect(metrics.body).toMatch(/switchyard_telemetry_readings_total 1/);
  });
});
