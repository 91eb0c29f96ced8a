import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { DeferredComputeBackend } from '../../src/adapters/compute/deferred-compute-backend.ts';
import { type RunningDemo, startDemoFleet } from '../../src/cli/demo.ts';
import { type RunningServer, startServer } from '../../src/server/start-server.ts';
import { freePort } from '../e2e/server-process.ts';

/** The share of each site the twin emulates. */
const TWIN_SCALE = 0.001;

const root = fileURLToPath(new URL('../..', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: API responses are read as loose JSON in tests
export type Json = any;

export interface LiveSystem {
  readonly server: RunningServer;
  readonly demo: RunningDemo;
  readonly adminKey: string;
  api(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: Json }>;
  /** The emulated miners of a site (to see a curtailment reach the machines). */
  minersOf(siteId: string): ReturnType<RunningDemo['sim']['miner']>[];
  close(): Promise<void>;
}

/**
 * A real server (PGlite, embedded broker, HTTP on a free port) with the example fleet's `sites`, on a
 * replayed clock, and the digital twin: emulated miners and GPU nodes with one real agent per site.
 * Resolves once every site has acked a setpoint.
 */
export async function startLiveSystem(options: {
  sites: readonly string[];
  replayFrom: string;
  speed: number;
  ackWithinSeconds?: number;
}): Promise<LiveSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-web-'));
  const example = parse(readFileSync(join(root, 'examples/fleet.yaml'), 'utf8'));
  const fleetFile = join(dir, 'fleet.yaml');
  writeFileSync(
    fleetFile,
    stringify({
      ...example,
      sites: example.sites.filter((s: { id: string }) => options.sites.includes(s.id)),
    }),
  );
  process.env.LOG_LEVEL = 'error';
  // Leases run on the emulated GPU nodes, attached once the digital twin is up.
  const compute = new DeferredComputeBackend();
  const server = await startServer({
    compute,
    // The server knows the twin's scale, as under `switchyard start` (services/twin-scale.ts).
    config: { twinScale: TWIN_SCALE },
    port: await freePort(),
    mqttPort: await freePort(),
    dataDir: join(dir, 'server'),
    replayFromMs: Date.parse(options.replayFrom),
    speed: options.speed,
    fleetFile,
    logLevel: process.env.SWITCHYARD_TEST_LOG ?? 'error',
  });
  const adminKey = readFileSync(server.adminKeyFile!, 'utf8').trim();
  const api: LiveSystem['api'] = async (method, path, body, key = adminKey) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  let demo: RunningDemo | undefined;
  try {
    demo = await startDemoFleet(server, {
      fleetFile,
      scale: TWIN_SCALE,
      dataDir: join(dir, 'agents'),
      pollSeconds: 1,
      timeScale: 0.05,
      compute,
    });
    await waitFor(async () => {
      for (const siteId of options.sites) {
        const { body } = await api('GET', `/api/v1/sites/${siteId}/setpoints`);
        if (!body.setpoints.some((s: { ackedAtMs?: number }) => s.ackedAtMs !== undefined)) return false;
      }
      return true;
    }, options.ackWithinSeconds ?? 90);
  } catch (error) {
    await demo?.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = demo;
  return {
    server,
    demo: running,
    adminKey,
    api,
    minersOf: (siteId) => {
      const site = running.sim.sites.find((s) => s.siteId === siteId)!;
      return site.miners.map((m) => running.sim.miner(m.id));
    },
    async close() {
      await running.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
