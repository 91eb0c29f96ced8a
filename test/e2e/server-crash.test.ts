import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

const dirs: string[] = [];
const processes: ServerProcess[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const p of processes) await p.kill();
  for (const d of databases) await d.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-crash-'));
  dirs.push(dir);
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (30 s at most: the machine may be busy). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached within 30 s');
    await sleep(250);
  }
}

function batch(siteId: string, n: number) {
  const atMs = Date.parse('2023-08-10T00:00:00Z') + n * 60_000;
  return {
    siteId,
    batchId: `${siteId}-crash-${n}`,
    sentAtMs: atMs,
    readings: Array.from({ length: 200 }, (_, i) => ({
      deviceId: `m${i}`,
      kind: 'miner',
      atMs,
      state: 'hashing',
      hashrateThs: 100 + n,
      powerW: 3000,
      maxTempC: 70,
      utilisation: null,
    })),
  };
}

describe('a server killed with SIGKILL', () => {
  it('loses and duplicates nothing it acknowledged, and its loop resumes after a restart', async () => {
    const dataDir = tempDir();
    // The restarted server continues the same replayed time, as a wall clock would.
    const replayAnchorMs = Date.now();
    let server = await startServerProcess({ dataDir, replayAnchorMs });
    processes.push(server);
    const acknowledged: number[] = [];
    // Ingest telemetry continuously while allocation steps run (one every simulated 15 min = 1 s).
    let n = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const i = n++;
        try {
          const response = await server.api(
            'POST',
            '/api/v1/sites/tx-west-1/telemetry',
            batch('tx-west-1', i),
          );
          if (response.status === 202) acknowledged.push(i);
        } catch {
          // the connection dies with the server
        }
      }
    })();
    await sleep(3500);
    const runsBefore = (await server.api('GET', '/api/v1/allocation/runs?limit=500')).body.runs as Array<{
      id: string;
      status: string;
    }>;
    await server.kill('SIGKILL');
    stop = true;
    await writer;
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(runsBefore.length).toBeGreaterThan(0);

    server = await startServerProcess({ dataDir, adminKey: server.adminKey, replayAnchorMs });
    processes.push(server);
    // Every acknowledged batch is stored exactly once: re-sending it is recognised as a duplicate.
    for (const i of acknowledged) {
      const again = await server.api('POST', '/api/v1/sites/tx-west-1/telemetry', batch('tx-west-1', i));
      expect(again.body.stored).toBe(false);
    }
    const minutes = await server.api(
      'GET',
      `/api/v1/sites/tx-west-1/telemetry/minutes?from=${Date.parse('2023-08-10T00:00:00Z')}&to=${Date.parse('2023-08-12T00:00:00Z')}`,
    );
    for (const i of acknowledged) {
      const minute = minutes.body.minutes.find(
        (m: { minuteMs: number }) => m.minuteMs === Date.parse('2023-08-10T00:00:00Z') + i * 60_000,
      );
      expect(minute?.readings).toBe(200);
    }
    // Runs stored before the kill are still there, each interval has at most one run, and new runs appear.
    await waitFor(
      async () =>
        (await server.api('GET', '/api/v1/allocation/runs?limit=500')).body.runs.length > runsBefore.length,
    );
    const runsAfter = (await server.api('GET', '/api/v1/allocation/runs?limit=500')).body.runs as Array<{
      id: string;
      intervalStartMs: number;
      status: string;
    }>;
    for (const run of runsBefore.filter((r) => r.status === 'completed')) {
      expect(runsAfter.some((r) => r.id === run.id && r.status === 'completed')).toBe(true);
    }
    const intervals = runsAfter.map((r) => r.intervalStartMs);
    expect(new Set(intervals).size).toBe(intervals.length);
    expect(runsAfter.length).toBeGreaterThan(runsBefore.length);
  });

  it('two replicas on one PostgreSQL run each step once, and the survivor takes over within one interval', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const replayAnchorMs = Date.now();
    // 300x: an interval (15 simulated minutes) is 3 wall seconds, longer than a fleet plan on a busy machine.
    const speed = 300;
    const a = await startServerProcess({
      dataDir: tempDir(),
      databaseUrl: database.url,
      replayAnchorMs,
      speed,
    });
    processes.push(a);
    const b = await startServerProcess({
      dataDir: tempDir(),
      databaseUrl: database.url,
      adminKey: a.adminKey,
      replayAnchorMs,
      speed,
    });
    processes.push(b);
    type Run = { intervalStartMs: number; runner: string; status: string };
    await waitFor(
      async () => (await a.api('GET', '/api/v1/allocation/runs?limit=500')).body.runs.length >= 3,
    );
    const runs = (await a.api('GET', '/api/v1/allocation/runs?limit=500')).body.runs as Run[];
    const intervals = runs.map((r) => r.intervalStartMs);
    expect(runs.length).toBeGreaterThan(2);
    expect(new Set(intervals).size).toBe(intervals.length);
    const leader = runs[0]!.runner;
    const [holder, survivor] = a.instanceId === leader ? [a, b] : [b, a];
    expect([a.instanceId, b.instanceId]).toContain(leader);
    const lastByHolder = Math.max(...runs.map((r) => r.intervalStartMs));
    await holder.kill('SIGKILL');
    await waitFor(async () =>
      ((await survivor.api('GET', '/api/v1/allocation/runs?limit=500')).body.runs as Run[]).some(
        (r) => r.runner !== leader,
      ),
    );
    const after = (await survivor.api('GET', '/api/v1/allocation/runs?limit=500')).body.runs as Run[];
    const taken = after.filter((r) => r.runner !== leader).map((r) => r.intervalStartMs);
    expect(taken.length).toBeGreaterThan(0);
    // 15 simulated minutes = one interval; the survivor's first run is at most one interval after the lease expired.
    expect(Math.min(...taken.filter((t) => t > lastByHolder))).toBeLessThanOrEqual(
      lastByHolder + 3 * 900_000,
    );
    const all = after.map((r) => r.intervalStartMs);
    expect(new Set(all).size).toBe(all.length);
  });
});
