import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/adapters/broker/index.ts';
import { type RunningDemo, startDemoFleet } from '../../src/cli/demo.ts';
import { type RunningServer, startServer } from '../../src/server/start-server.ts';
import { freePort } from './server-process.ts';

/**
 * The whole system in one process: the server, a broker the test can stop, two simulated sites with
 * their agents, on a replayed clock at 30x (one simulated minute per two wall seconds).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const SITES = ['tx-north-2', 'tx-west-4'];
const dir = mkdtempSync(join(tmpdir(), 'switchyard-system-'));
const serverSecret = 'test-server-secret';
let brokerPort: number;
let broker: EmbeddedBroker;
let server: RunningServer;
let demo: RunningDemo;

async function startBroker(): Promise<EmbeddedBroker> {
  return startEmbeddedBroker({
    port: brokerPort,
    log: { warn: () => {} },
    authenticate: async (username, password) => {
      if (username === 'server') return password === serverSecret ? { role: 'server' } : undefined;
      const principal = await server.app.services.auth.authenticate(password);
      return principal && principal.keyId === username
        ? { role: principal.role, siteId: principal.siteId }
        : undefined;
    },
  });
}

async function api(method: string, path: string, body?: unknown) {
  const key = server.adminKeyFile ? readFileSync(server.adminKeyFile, 'utf8').trim() : '';
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function waitFor(check: () => Promise<boolean> | boolean, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function minersOf(siteId: string) {
  const site = demo.sim.sites.find((s) => s.siteId === siteId)!;
  return site.miners.map((m) => demo.sim.miner(m.id)!);
}

beforeAll(async () => {
  const example = parse(readFileSync(join(root, 'examples/fleet.yaml'), 'utf8'));
  const fleetFile = join(dir, 'fleet.yaml');
  writeFileSync(
    fleetFile,
    stringify({ ...example, sites: example.sites.filter((s: { id: string }) => SITES.includes(s.id)) }),
  );
  brokerPort = await freePort();
  process.env.MQTT_USERNAME = 'server';
  process.env.MQTT_PASSWORD = serverSecret;
  broker = await startBroker();
  server = await startServer({
    port: await freePort(),
    dataDir: join(dir, 'server'),
    mqttUrl: `mqtt://127.0.0.1:${brokerPort}`,
    // 2 a.m. in Texas on an October night: cheap power, so the allocator mines when allowed.
    replayFromMs: Date.parse('2023-10-15T07:00:00Z'),
    speed: 30,
    fleetFile,
    logLevel: 'error',
  });
  process.env.LOG_LEVEL = 'error';
  demo = await startDemoFleet(server, {
    fleetFile,
    scale: 0.001,
    dataDir: join(dir, 'agents'),
    pollSeconds: 1,
    timeScale: 0.05,
  });
  // Every site has acked a setpoint.
  await waitFor(async () => {
    for (const siteId of SITES) {
      const { body } = await api('GET', `/api/v1/sites/${siteId}/setpoints`);
      if (!body.setpoints.some((s: { ackedAtMs?: number }) => s.ackedAtMs !== undefined)) return false;
    }
    return true;
  }, 90);
}, 180_000);

afterAll(async () => {
  await demo?.close();
  await server?.close();
  await broker?.close();
  delete process.env.MQTT_USERNAME;
  delete process.env.MQTT_PASSWORD;
  rmSync(dir, { recursive: true, force: true });
});

describe('the whole system', () => {
  it('curtails a site through the API: its emulated miners sleep, and hash again on release', async () => {
    const created = await api('POST', '/api/v1/curtailments', {
      siteIds: ['tx-north-2'],
      reason: 'system test',
    });
    expect(created.status).toBe(201);
    await waitFor(() => minersOf('tx-north-2').every((m) => m.snapshot().phase === 'sleeping'));
    // The other site's setpoints are not curtailed.
    const other = await api('GET', '/api/v1/sites/tx-west-4/setpoints');
    expect(other.body.setpoints.at(-1).curtailed).toBe(false);
    expect((await api('DELETE', `/api/v1/curtailments/${created.body.id}`)).status).toBe(204);
    const released = (await api('GET', '/api/v1/sites/tx-north-2/setpoints')).body.setpoints.at(-1);
    expect(released.curtailed).toBe(false);
    expect(released.miningMw).toBeGreaterThan(0);
    await waitFor(() => minersOf('tx-north-2').some((m) => m.snapshot().phase === 'hashing'));
  }, 120_000);

  it('keeps every minute of telemetry through a 10-minute broker outage', async () => {
    const from = server.clock.nowMs();
    await broker.close();
    await new Promise((r) => setTimeout(r, 20_000)); // ten simulated minutes at 30x
    const to = server.clock.nowMs();
    broker = await startBroker();
    const fromMinute = Math.ceil(from / 60_000) * 60_000;
    const toMinute = Math.floor(to / 60_000) * 60_000;
    await waitFor(async () => {
      const { body } = await api(
        'GET',
        `/api/v1/sites/tx-north-2/telemetry/minutes?from=${fromMinute}&to=${toMinute}`,
      );
      return body.minutes.length >= (toMinute - fromMinute) / 60_000;
    }, 60);
    const { body } = await api(
      'GET',
      `/api/v1/sites/tx-north-2/telemetry/minutes?from=${fromMinute}&to=${toMinute}`,
    );
    const minutes = body.minutes.map((m: { minuteMs: number }) => m.minuteMs);
    for (let t = fromMinute; t < toMinute; t += 60_000) expect(minutes).toContain(t);
  }, 120_000);

  it("stores each site's revenue meter readings, read over Modbus TCP from the twin's emulated meter", async () => {
    await waitFor(async () => {
      for (const siteId of SITES) {
        const now = server.clock.nowMs();
        const minutes = await server.storage.energy.meterMinutes(siteId, now - 3_600_000, now + 60_000);
        if (!minutes.some((m) => (m.reading.activePowerW ?? 0) > 0 && m.reading.importedEnergyWh !== null))
          return false;
      }
      return true;
    }, 60);
    const now = server.clock.nowMs();
    const minutes = await server.storage.energy.meterMinutes('tx-north-2', now - 3_600_000, now + 60_000);
    const registers = minutes.map((m) => m.reading.importedEnergyWh!).filter((wh) => wh !== null);
    // The import register only grows.
    expect(registers).toEqual([...registers].sort((a, b) => a - b));
  }, 90_000);
});
