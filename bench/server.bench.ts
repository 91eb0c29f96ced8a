/**
 * Control-plane figures for `npm run bench -- server`:
 *   - telemetry ingest capacity (device readings per second) on PGlite and on PostgreSQL, and the
 *     share of one core that 250,000 miners reporting every 60 s would need;
 *   - the allocation loop's end-to-end step time for the example fleet (plan, store, publish);
 *   - the server's resident memory with the full example fleet's telemetry flowing (PGlite).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ManualClock } from '../src/adapters/clock/replay-clock.ts';
import { dataDirFromEnv, ReplayMarketData } from '../src/adapters/market-data/index.ts';
import { HighsSolver } from '../src/adapters/solver/highs-solver.ts';
import { openStorage } from '../src/adapters/storage/index.ts';
import type { DeviceReading, Storage, TelemetryBatch } from '../src/core/ports/storage.ts';
import { buildApp } from '../src/server/app.ts';
import { defaultServerConfig } from '../src/server/server-deps.ts';
import { createTestDatabase } from '../test/storage/postgres-test-database.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const fleetDocument = parse(readFileSync(join(root, 'examples/fleet.yaml'), 'utf8'));
const FLEET_MINERS = 250_000;
const REQUIRED_PER_SECOND = FLEET_MINERS / 60;

function batchOf(siteId: string, minute: number, size: number): TelemetryBatch {
  const atMs = Date.parse('2023-08-10T00:00:00Z') + minute * 60_000;
  const readings: DeviceReading[] = Array.from({ length: size }, (_, i) => ({
    deviceId: `${siteId}-m${i}`,
    kind: 'miner',
    atMs: atMs + (i % 60) * 1000,
    state: i % 50 === 0 ? 'sleeping' : 'hashing',
    hashrateThs: i % 50 === 0 ? 0 : 200 + (i % 7),
    powerW: i % 50 === 0 ? 15 : 3500,
    maxTempC: 60 + (i % 20),
    utilisation: null,
  }));
  return { siteId, batchId: `${siteId}-${minute}`, sentAtMs: atMs + 60_000, readings };
}

async function ingestCapacity(name: string, storage: Storage): Promise<void> {
  const size = 5_000;
  const sites = 6;
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  let readings = 0;
  for (let minute = 0; minute < 4; minute++) {
    for (let s = 0; s < sites; s++) {
      await storage.telemetry.ingest(batchOf(`site-${s}`, minute, size));
      readings += size;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perSecond = readings / seconds;
  const coreShare = (REQUIRED_PER_SECOND / readings) * cpuSeconds;
  console.log(
    `telemetry ingest on ${name}: ${Math.round(perSecond).toLocaleString('en-US')} readings/s (${size}-reading batches); 250,000 miners every 60 s (${Math.round(REQUIRED_PER_SECOND)}/s) would use ${(coreShare * 100).toFixed(1)}% of one core of this process (goal < 50%)${name === 'PostgreSQL' ? ', plus the database server' : ''}`,
  );
}

async function loopStep(): Promise<void> {
  const clock = new ManualClock(Date.parse('2023-08-10T19:00:00Z'));
  const storage = await openStorage({ dataDir: 'memory://', now: () => clock.nowMs() });
  const app = await buildApp({
    storage,
    market: await ReplayMarketData.load(dataDirFromEnv()),
    solver: await HighsSolver.load(),
    clock,
    publisher: { publishSetpoint: async () => {} },
    config: defaultServerConfig,
  });
  await app.services.fleet.importFleet(fleetDocument, 'bench');
  const times: number[] = [];
  for (let step = 0; step < 5; step++) {
    const t0 = performance.now();
    await app.services.loop.step(clock.nowMs());
    times.push(performance.now() - t0);
    clock.advance(900_000);
  }
  times.sort((a, b) => a - b);
  console.log(
    `allocation loop, one step for the example fleet (${fleetDocument.sites.length} sites: plan, store the run, issue and publish setpoints): median ${times[2]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms`,
  );
  await app.close();
  await storage.close();
}

function spawnServer(dataDir: string, port: number) {
  return spawn(
    process.execPath,
    [
      join(root, 'bin/switchyard.js'),
      'server',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--replay-from',
      '2023-08-10',
      '--fleet',
      join(root, 'examples/fleet.yaml'),
    ],
    {
      env: { ...process.env, MQTT_PORT: String(port + 1), LOG_LEVEL: 'warn', DATABASE_URL: '', MQTT_URL: '' },
      stdio: 'ignore',
    },
  );
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

function memoryOf(pid: number | undefined): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024,
    peak: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024,
  };
}

async function stop(child: ReturnType<typeof spawn>): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function serverMemory(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-server-'));
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}`;
  // The first start creates the PGlite database (initdb), which costs a one-off peak.
  let child = spawnServer(dataDir, port);
  try {
    await waitHealthy(url);
    const first = memoryOf(child.pid);
    await stop(child);
    child = spawnServer(dataDir, port);
    await waitHealthy(url);
    const idle = memoryOf(child.pid);
    const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
    // One minute of the whole fleet's telemetry, per site at its real miner count, three times over.
    const sites = fleetDocument.sites as Array<{ id: string; minerGroups: Array<{ count: number }> }>;
    const t0 = performance.now();
    let readings = 0;
    for (let minute = 0; minute < 3; minute++) {
      for (const site of sites) {
        const count = site.minerGroups.reduce((sum, g) => sum + g.count, 0);
        readings += count;
        const response = await fetch(`${url}/api/v1/sites/${site.id}/telemetry`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(batchOf(site.id, minute, count)),
        });
        if (response.status !== 202)
          throw new Error(`ingest failed: ${response.status} ${await response.text()}`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const loaded = memoryOf(child.pid);
    console.log(
      `server memory (PGlite): first start (creates the database) peak ${first.peak.toFixed(0)} MB; restarted and idle ${idle.rss.toFixed(0)} MB; with the full example fleet's telemetry (${readings.toLocaleString('en-US')} readings = 3 fleet-minutes over HTTP in ${seconds.toFixed(1)} s, ${Math.round(readings / seconds).toLocaleString('en-US')} readings/s) ${loaded.rss.toFixed(0)} MB, peak ${loaded.peak.toFixed(0)} MB (goal < 512 MB)`,
    );
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runServerBench(): Promise<void> {
  const pglite = await openStorage({ dataDir: 'memory://' });
  await ingestCapacity('PGlite', pglite);
  await pglite.close();
  const database = await createTestDatabase();
  try {
    const postgres = await openStorage({ databaseUrl: database.url });
    await ingestCapacity('PostgreSQL', postgres);
    await postgres.close();
  } finally {
    await database.drop();
  }
  await loopStep();
  await serverMemory();
}
