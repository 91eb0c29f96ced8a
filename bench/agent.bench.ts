/**
 * Site-agent figures for `npm run bench -- agent`. Prints figures; asserts nothing.
 *
 *   1. fleet-wide curtailment latency: the server in this process (startServer: PGlite in a temp dir,
 *      embedded broker on a free port, replay clock), the example fleet emulated at 1/100 scale with
 *      firmware delays removed (timeScale 0), one site agent per site in this process (5 s polls, wired
 *      as `npm start`'s demo wires them); once every site has acked
 *      a setpoint, one POST /api/v1/curtailments names every site and the emulators are watched
 *      directly (every 10 ms) until the last miner sleeps: per site (median, max), the whole fleet, and
 *      the split between the server (re-plan, publish) and the agents (setpoint held -> miners asleep);
 *   2. the agent's CPU and resident memory: `switchyard agent` in its own process, scanning loopback
 *      ranges in which a child process (agent-emulators.ts) serves 1,000 and then 10,000 emulated
 *      miners (the example fleet's firmware mix), polling every 10 s; CPU time (utime + stime from
 *      /proc/<pid>/stat) over three poll cycles, VmRSS and VmHWM from /proc/<pid>/status, and the live
 *      heap after a full GC (agent-memory-probe.mjs, preloaded);
 *   3. the emulator's own memory per 1,000 emulated miners (RSS and heap after a GC, one
 *      MinerEmulatorHost, measured in that child before it serves anything).
 *
 * About three minutes on two cores. Every process, port and temp directory it makes goes away.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectBroker, startEmbeddedBroker } from '../src/adapters/broker/index.ts';
import { HttpGpuNodeAccess } from '../src/adapters/compute/http-gpu-node-access.ts';
import { loadFleetFile } from '../src/adapters/fleet-file/load-fleet-file.ts';
import { DATA_PATHS, dataDirFromEnv, readMinerModels } from '../src/adapters/market-data/index.ts';
import { createMinerClient } from '../src/adapters/miners/index.ts';
import {
  type AgentLog,
  agentClientId,
  agentConfig,
  agentStatusWill,
  brokerLoginFromKey,
  ClientMinerFleet,
  type CycleReport,
  SiteAgent,
  TelemetryBuffer,
} from '../src/agent/index.ts';
import { startServer } from '../src/server/start-server.ts';
import { type SimSite, startFleetSim } from '../src/sim/fleet-sim.ts';
import type { EmulatorReply, EmulatorRequest, MemoryFigures } from './agent-emulators.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const FLEET = join(root, 'examples/fleet.yaml');
const SCALE = 0.01;
const FLEET_POLL_SECONDS = 5;
/** The agents' connect timeout (`--probe-timeout-ms`; `npm start`'s demo uses 1,500). */
const CONNECT_TIMEOUT_MS = 1_500;
/** After every site acked the curtailment: how long the miners may stay as they are before giving up. */
const QUIET_MS = 15_000;
const AGENT_POLL_SECONDS = 10;
const CYCLES_MEASURED = 3;
const SIZES = [1_000, 10_000];

/** Child processes alive now (killed if this process exits first). */
const children = new Set<ChildProcess>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => bytes / 1024 / 1024;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Counts the agents' warnings and errors by message, with the sites that logged them; prints nothing. */
class CountingLog {
  readonly #counts = new Map<string, { n: number; sites: Set<string> }>();

  forSite(siteId: string): AgentLog {
    return {
      info: () => {},
      warn: (_obj, msg) => this.#count(`warn "${msg}"`, siteId),
      error: (obj, msg) => this.#count(`error "${msg}" ${JSON.stringify(obj).slice(0, 200)}`, siteId),
    };
  }

  summary(): string {
    if (this.#counts.size === 0) return 'nothing';
    return [...this.#counts]
      .sort((a, b) => b[1].n - a[1].n)
      .slice(0, 4)
      .map(([what, { n, sites }]) => {
        const where = sites.size <= 3 ? [...sites].join(', ') : `${sites.size} sites`;
        return `${n}x ${what} (${where})`;
      })
      .join(', ');
  }

  #count(key: string, siteId: string): void {
    const entry = this.#counts.get(key) ?? { n: 0, sites: new Set<string>() };
    entry.n += 1;
    entry.sites.add(siteId);
    this.#counts.set(key, entry);
  }
}

// ------------------------------------------------------------------ 1. fleet-wide curtailment

async function fleetCurtailment(): Promise<void> {
  const fleet = loadFleetFile(FLEET);
  const { models } = await readMinerModels(join(dataDirFromEnv(), DATA_PATHS.minerModels));
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-agent-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  const log = new CountingLog();
  try {
    const t0Setup = performance.now();
    const server = await startServer({
      port: await freePort(),
      host: '127.0.0.1',
      dataDir,
      mqttPort: await freePort(),
      // A night in Texas: cheap power, most of the fleet mining.
      replayFromMs: Date.parse('2023-08-10T08:00:00Z'),
      speed: 1,
      fleetFile: FLEET,
      logLevel: 'warn',
    });
    cleanups.push(() => server.close());
    const adminKey = readFileSync(server.adminKeyFile!, 'utf8').trim();
    const sim = await startFleetSim(fleet, { minerModels: models, scale: SCALE, timeScale: 0 });
    cleanups.push(() => sim.close());
    const minerCount = sim.sites.reduce((sum, site) => sum + site.miners.length, 0);
    const sites = sim.sites.filter((site) => site.miners.length > 0);
    // The agents stop first (they talk to the emulators and the broker).
    // Per site, the miners (host:port) whose last reported capabilities say they cannot sleep.
    const cannotSleep = new Map<string, ReadonlySet<string>>();
    // Per site, its curtailment cycles (trigger 'curtail'): when each ended, its commands, the failed ones.
    const curtailCycles = new Map<string, CurtailCycle[]>();
    const agents = await Promise.all(
      sites.map((site) =>
        startSiteAgent(site, server, dataDir, log.forSite(site.siteId), (report) => {
          const ids = report.snapshot.miners
            .filter((sample) => sample.observation !== null && !sample.observation.capabilities.canSleep)
            .map((sample) => sample.id);
          cannotSleep.set(site.siteId, new Set(ids));
          if (report.trigger === 'curtail') {
            const list = curtailCycles.get(site.siteId) ?? [];
            list.push({
              endedAt: performance.now(),
              commands: report.waves.outcomes.length,
              failed: report.waves.outcomes.filter((outcome) => !outcome.applied).length,
              down: report.snapshot.miners.filter((sample) => sample.observation === null).length,
            });
            curtailCycles.set(site.siteId, list);
          }
        }),
      ),
    );
    cleanups.push(() => Promise.all(agents.map((agent) => agent.close().catch(() => undefined))));

    // Every site acks a setpoint (the allocation loop's first step, retained on the broker).
    const ackDeadline = Date.now() + 120_000;
    for (;;) {
      const latest = await Promise.all(sites.map((site) => server.storage.setpoints.latest(site.siteId)));
      if (latest.every((setpoint) => setpoint?.ackedAtMs !== undefined)) break;
      if (Date.now() > ackDeadline) {
        const missing = sites.filter((_, i) => latest[i]?.ackedAtMs === undefined).map((site) => site.siteId);
        throw new Error(`sites without an acked setpoint after 120 s: ${missing.join(', ')}`);
      }
      await sleep(500);
    }
    const setupSeconds = (performance.now() - t0Setup) / 1000;

    // Per site: its emulated miners, and when each was first seen asleep (ms after the call).
    const watched = sites.map((site) => ({
      site,
      miners: site.miners.map((endpoint) => sim.miner(endpoint.id)!),
      asleepMs: site.miners.map(() => Number.NaN),
      agent: agents[sites.indexOf(site)]!.agent,
      receivedMs: Number.NaN,
    }));
    const hashingAtCall = watched.reduce(
      (sum, w) => sum + w.miners.filter((miner) => miner.phase !== 'sleeping').length,
      0,
    );
    let lastChangeMs = 0;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const clock0 = server.clock.nowMs();
    const t0 = performance.now();
    const watch = setInterval(() => {
      const nowMs = performance.now() - t0;
      for (const w of watched) {
        if (Number.isNaN(w.receivedMs) && w.agent.setpoint?.curtailed) w.receivedMs = nowMs;
        w.miners.forEach((miner, i) => {
          if (Number.isNaN(w.asleepMs[i]!) && miner.phase === 'sleeping') {
            w.asleepMs[i] = nowMs;
            lastChangeMs = nowMs;
          }
        });
      }
    }, 10);
    const response = await fetch(`${server.url}/api/v1/curtailments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        siteIds: sites.map((site) => site.siteId),
        reason: 'bench: fleet-wide curtailment',
      }),
    });
    const apiMs = performance.now() - t0;
    if (response.status !== 201)
      throw new Error(`curtailment refused: ${response.status} ${await response.text()}`);

    // Until every miner sleeps, or every site has acked the curtailment and nothing moved for QUIET_MS.
    const acks = new Map<string, number>();
    const failedAcks: string[] = [];
    const collectAcks = async () => {
      for (const site of sites) {
        if (acks.has(site.siteId)) continue;
        const latest = await server.storage.setpoints.latest(site.siteId);
        if (latest?.curtailed && latest.ackedAtMs !== undefined) {
          acks.set(site.siteId, latest.ackedAtMs - clock0);
          if (latest.ackOk === false) failedAcks.push(`${site.siteId}: ${latest.ackMessage ?? ''}`);
        }
      }
    };
    const allAsleep = () => watched.every((w) => w.asleepMs.every((ms) => !Number.isNaN(ms)));
    const deadline = performance.now() + 120_000;
    while (!allAsleep() && performance.now() < deadline) {
      await sleep(250);
      await collectAcks();
      if (acks.size === sites.length && performance.now() - t0 - lastChangeMs > QUIET_MS) break;
    }
    clearInterval(watch);
    loopDelay.disable();
    // Acks still on their way (a sleep is verified by reading the miner back before the ack).
    const ackDeadline2 = performance.now() + 30_000;
    while (acks.size < sites.length && performance.now() < ackDeadline2) {
      await collectAcks();
      if (acks.size < sites.length) await sleep(250);
    }

    // Miners whose firmware (as the agent's client sees it) cannot sleep are left out, and named.
    const stragglers = new Map<string, number>();
    const perSite: { siteId: string; ms: number; agentMs: number; mix: string }[] = [];
    let unfinished = 0;
    for (const w of watched) {
      const unable = cannotSleep.get(w.site.siteId) ?? new Set<string>();
      let lastMs = 0;
      let complete = true;
      w.site.miners.forEach((endpoint, i) => {
        const ms = w.asleepMs[i]!;
        const canSleep = !unable.has(`${endpoint.host}:${endpoint.port}`);
        if (Number.isNaN(ms)) {
          const key = `${endpoint.firmware} at ${w.site.siteId} (${canSleep ? 'the agent could sleep it' : 'capabilities: cannot sleep'})`;
          stragglers.set(key, (stragglers.get(key) ?? 0) + 1);
          if (canSleep) complete = false;
        } else if (canSleep) {
          lastMs = Math.max(lastMs, ms);
        }
      });
      if (!complete) unfinished += 1;
      else {
        perSite.push({
          siteId: w.site.siteId,
          ms: lastMs,
          agentMs: Number.isNaN(w.receivedMs) ? Number.NaN : Math.max(0, lastMs - w.receivedMs),
          mix: describeMix(firmwareMix(w.site)),
        });
      }
    }
    const latencies = perSite.map((site) => site.ms);
    const agentPart = perSite
      .filter((site) => !Number.isNaN(site.agentMs))
      .sort((a, b) => a.agentMs - b.agentMs);
    const slowest = agentPart[agentPart.length - 1];
    const received = watched.map((w) => w.receivedMs).filter((ms) => !Number.isNaN(ms));
    const excluded = [...stragglers].filter(([what]) => what.includes('cannot sleep'));
    console.log(
      `fleet-wide curtailment, example fleet at 1/${Math.round(1 / SCALE)} scale (${minerCount.toLocaleString('en-US')} emulated miners, ${hashingAtCall.toLocaleString('en-US')} hashing at the call, ${sites.length} sites, one in-process agent each polling every ${FLEET_POLL_SECONDS} s with a ${CONNECT_TIMEOUT_MS} ms connect timeout, firmware delays removed: timeScale 0), one POST /api/v1/curtailments naming every site -> last emulated miner asleep: per site median ${s(median(latencies))}, max ${s(Math.max(0, ...latencies))} over ${perSite.length} sites; whole fleet ${unfinished === 0 ? s(Math.max(0, ...latencies)) : `not reached (${unfinished} sites not fully asleep)`}${excluded.length > 0 ? ` (not counting ${excluded.map(([what, n]) => `${n} ${what.replace(/ \(.*\)$/, '')}`).join(', ')}: the capabilities the agent last read say they cannot sleep)` : ''}; the API call returned 201 after ${s(apiMs)} (it re-plans every site before answering); server start to every site acking its first setpoint: ${s(setupSeconds * 1000)}`,
    );
    console.log(
      `  everything above shares this process's event loop (server, ${sites.length} agents, ${minerCount.toLocaleString('en-US')} emulators; ${availableParallelism()} cores): its delay during the curtailment p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms (the watcher looks every 10 ms)`,
    );
    console.log(
      `  of which the server (re-plan every site, then publish each one's setpoint): curtailed setpoint held by the site's agent after median ${s(median(received))}, last ${s(Math.max(0, ...received))}; and the agent (setpoint held -> its last miner asleep): median ${s(median(agentPart.map((a) => a.agentMs)))}, max ${slowest ? `${s(slowest.agentMs)} (${slowest.siteId}: ${slowest.mix}; ${describeCurtailCycles(curtailCycles.get(slowest.siteId), t0)})` : 'n/a'}`,
    );
    const ackValues = [...acks.values()];
    console.log(
      `  curtailment acks (each after the agent read its sleeping miners back; first read-back 3 s after the command): ${acks.size}/${sites.length} sites, median ${s(median(ackValues))}, last ${s(Math.max(0, ...ackValues))} after the call, ${failedAcks.length} of them not ok${failedAcks.length > 0 ? ` (e.g. ${failedAcks[0]!.slice(0, 300)})` : ''}; agent log: ${log.summary()}`,
    );
    if (stragglers.size > 0) {
      console.log(
        `  never asleep (${QUIET_MS / 1000} s after the last change, every site having acked): ${[...stragglers].map(([what, n]) => `${n} ${what}`).join(', ')}`,
      );
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * One site agent wired as `npm start`'s demo wires it through `runAgent` (src/cli/demo.ts,
 * src/cli/agent-command.ts): every miner with its dialect (and a stock Antminer's web port), the site's
 * emulated GPU nodes over their HTTP node agents, the server's replay clock. Built here rather than
 * through `runAgent` to hook `onCycle` (which miners report they cannot sleep, the curtailment cycles).
 */
async function startSiteAgent(
  site: SimSite,
  server: Awaited<ReturnType<typeof startServer>>,
  dataDir: string,
  log: AgentLog,
  onCycle: (report: CycleReport) => void,
): Promise<{ agent: SiteAgent; close(): Promise<void> }> {
  const { key } = await server.app.services.auth.create(
    { name: `bench agent ${site.siteId}`, role: 'agent', siteId: site.siteId },
    'system',
  );
  const config = agentConfig({
    siteId: site.siteId,
    pollIntervalMs: FLEET_POLL_SECONDS * 1000,
    waveSize: 50,
    waveSpacingMs: 2000,
    fallback: { rule: 'hold-last' },
  });
  const clients = site.miners.map((endpoint) =>
    createMinerClient(endpoint.dialect, {
      host: endpoint.host,
      port: endpoint.port,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      ...(endpoint.webPort === undefined ? {} : { antminerWebPort: endpoint.webPort }),
    }),
  );
  const buffer = await TelemetryBuffer.open({
    dir: join(dataDir, `agent-${site.siteId}`, 'telemetry'),
    maxBytes: 64 * 1024 * 1024,
    log,
  });
  const broker = await connectBroker({
    url: server.brokerUrl,
    ...brokerLoginFromKey(key),
    clientId: agentClientId(site.siteId),
    will: agentStatusWill(site.siteId),
    log,
  });
  const gpuList = site.gpuNodes.map((node) => `${node.id}=${node.url}`).join(',');
  const agent = new SiteAgent({
    config,
    miners: new ClientMinerFleet(clients),
    ...(gpuList === '' ? {} : { gpus: HttpGpuNodeAccess.fromList(gpuList) }),
    broker,
    clock: server.clock,
    buffer,
    log,
    onCycle,
  });
  await agent.start();
  agent.startPolling();
  return {
    agent,
    async close() {
      await agent.stop();
      await broker.close();
      await buffer.close();
    },
  };
}

// ------------------------------------------------------------------ 2 and 3. agent and emulator footprint

class Emulators {
  readonly child: ChildProcess;
  private readonly replies: EmulatorReply[] = [];
  private waiting: ((reply: EmulatorReply) => void) | undefined;

  constructor() {
    this.child = fork(join(root, 'bench/agent-emulators.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.add(this.child);
    this.child.once('exit', () => children.delete(this.child));
    this.child.on('message', (reply: EmulatorReply) => {
      if (this.waiting) {
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting(reply);
      } else this.replies.push(reply);
    });
  }

  next(timeoutMs = 180_000): Promise<EmulatorReply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the emulator process did not answer')), timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        if (reply.kind === 'error') reject(new Error(`emulator process: ${reply.message}`));
        else resolve(reply);
      };
    });
  }

  async ask(request: EmulatorRequest): Promise<EmulatorReply> {
    this.child.send(request);
    return this.next();
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Loopback ranges holding `count` host addresses (at most 4,094 per /20, the agent's scan limit),
 * from 127.<octet>.0.0 up.
 */
function cidrsFor(count: number, octet: number): string[] {
  const cidrs: string[] = [];
  let left = count;
  let offset = 0;
  while (left > 0) {
    let prefix = 20;
    while (prefix < 30 && 2 ** (32 - (prefix + 1)) - 2 >= left) prefix += 1;
    const size = 2 ** (32 - prefix);
    cidrs.push(`127.${octet}.${Math.floor(offset / 256)}.${offset % 256}/${prefix}`);
    offset += size;
    left -= size - 2;
  }
  return cidrs;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuSeconds(pid: number): number {
  // Fields after the command (which is in parentheses and may hold spaces): utime is 14th, stime 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function memoryKb(pid: number): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]),
    peakKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]),
  };
}

interface AgentFigures {
  readonly miners: number;
  readonly found: number;
  readonly startSeconds: number;
  /** Share of one core over the measured cycles, as they ran. */
  readonly cpuShare: number;
  /** CPU seconds (user + system) per poll cycle. */
  readonly cpuPerCycle: number;
  /** Wall seconds from one cycle's end to the next's. */
  readonly cycleSeconds: number;
  /** Share of one core the emulator process used meanwhile. */
  readonly emulatorShare: number;
  readonly rssMb: number;
  readonly peakMb: number;
  readonly rssAfterGcMb: number;
  readonly heapAfterGcMb: number;
}

async function measureAgent(
  count: number,
  octet: number,
  emulators: Emulators,
  brokerUrl: string,
  key: string,
) {
  const cidrs = cidrsFor(count, octet);
  const serving = await emulators.ask({ kind: 'serve', count, cidrs });
  if (serving.kind !== 'serving') throw new Error(`unexpected emulator reply ${serving.kind}`);
  const bufferDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-agent-buffer-'));
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(root, 'bench/agent-memory-probe.mjs')).href,
      join(root, 'bin/switchyard.js'),
      'agent',
      '--site',
      'bench-agent',
      '--broker',
      brokerUrl,
      '--key',
      key,
      '--miners',
      cidrs.join(','),
      '--poll-seconds',
      String(AGENT_POLL_SECONDS),
      '--buffer-dir',
      bufferDir,
    ],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  let afterGc: { rss: number; heapUsed: number; heapTotal: number; external: number } | undefined;
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
    const match = /\{"benchMemory".*\}\n/.exec(stderr);
    if (match) {
      afterGc = JSON.parse(match[0]).benchMemory.after;
      stderr = stderr.replace(match[0], '');
    }
  });
  const cycles: number[] = [];
  let found = 0;
  let foundAt = 0;
  let pending = '';
  let wake: (() => void) | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      let entry: { msg?: string; miners?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if (entry.msg === 'miners found') {
        found = entry.miners ?? 0;
        foundAt = performance.now();
      }
      if (entry.msg?.startsWith('cycle done')) cycles.push(performance.now());
      wake?.();
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const waitFor = async (ok: () => boolean, timeoutMs: number, what: string) => {
    const deadline = performance.now() + timeoutMs;
    while (!ok()) {
      if (child.exitCode !== null) throw new Error(`agent exited ${child.exitCode}: ${stderr.slice(-500)}`);
      if (performance.now() > deadline) throw new Error(`agent: no ${what} within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 500);
      });
    }
  };
  try {
    await waitFor(() => cycles.length >= 1, 180_000, 'first poll');
    const startSeconds = (cycles[0]! - t0) / 1000;
    const cpu0 = cpuSeconds(child.pid!);
    const emulatorCpu0 = cpuSeconds(emulators.child.pid!);
    const wall0 = performance.now();
    const first = cycles.length;
    await waitFor(
      () => cycles.length >= first + CYCLES_MEASURED,
      (CYCLES_MEASURED + 6) * AGENT_POLL_SECONDS * 1000,
      'poll cycles',
    );
    const cpu1 = cpuSeconds(child.pid!);
    const emulatorCpu1 = cpuSeconds(emulators.child.pid!);
    const wall1 = performance.now();
    const cyclesDone = cycles.length - first;
    const { rssKb, peakKb } = memoryKb(child.pid!);
    const span = cycles.slice(first - 1);
    // A full GC in the agent (agent-memory-probe.mjs): live heap, and what RSS falls back to.
    child.kill('SIGUSR2');
    await waitFor(() => afterGc !== undefined, 10_000, 'memory report');
    const rssAfterGcMb = memoryKb(child.pid!).rssKb / 1024;
    return {
      serving,
      figures: {
        miners: count,
        found,
        startSeconds,
        cpuShare: (cpu1 - cpu0) / ((wall1 - wall0) / 1000),
        cpuPerCycle: (cpu1 - cpu0) / cyclesDone,
        emulatorShare: (emulatorCpu1 - emulatorCpu0) / ((wall1 - wall0) / 1000),
        cycleSeconds: (span[span.length - 1]! - span[0]!) / 1000 / (span.length - 1),
        rssMb: rssKb / 1024,
        peakMb: peakKb / 1024,
        rssAfterGcMb,
        heapAfterGcMb: mb(afterGc!.heapUsed),
      } satisfies AgentFigures,
      discoverySeconds: foundAt > 0 ? (foundAt - t0) / 1000 : Number.NaN,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(bufferDir, { recursive: true, force: true });
    await emulators.ask({ kind: 'stop' });
  }
}

interface CurtailCycle {
  /** performance.now() when the cycle reported. */
  readonly endedAt: number;
  readonly commands: number;
  readonly failed: number;
  /** Miners that did not answer in the snapshot the cycle decided on (it sends them nothing). */
  readonly down: number;
}

function describeCurtailCycles(cycles: readonly CurtailCycle[] | undefined, t0: number): string {
  if (!cycles || cycles.length === 0) return 'no curtailment cycle reported';
  return cycles
    .map(
      (cycle) =>
        `its curtailment cycle ended ${s(cycle.endedAt - t0)} after the call: ${cycle.commands} commands, ${cycle.failed} failed, ${cycle.down} miners down in the snapshot it decided on`,
    )
    .join('; ');
}

function firmwareMix(site: SimSite): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const miner of site.miners) mix[miner.firmware] = (mix[miner.firmware] ?? 0) + 1;
  return mix;
}

function describeMix(firmware: Record<string, number>): string {
  return Object.entries(firmware)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
}

async function footprints(): Promise<void> {
  const emulators = new Emulators();
  const secret = Math.random().toString(36).slice(2);
  const key = `sy_benchagent_${secret}`;
  const broker = await startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    log: { warn() {} },
    authenticate: async (username, password) =>
      username === 'benchagent' && password === key ? { role: 'agent', siteId: 'bench-agent' } : undefined,
  });
  try {
    await emulators.next(60_000); // ready
    // 3. The emulator's memory, in a process that serves nothing yet.
    const steps = 5;
    const memory = await emulators.ask({ kind: 'memory', count: 1_000, steps });
    if (memory.kind === 'memory') {
      const delta = (from: number, to: number, field: keyof MemoryFigures) =>
        mb(memory.points[to]![field] - memory.points[from]![field]) / (to - from);
      const signed = (value: number, digits = 1) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
      console.log(
        `miner emulator memory per 1,000 emulated miners (one MinerEmulatorHost, the example fleet's mix: ${describeMix(memory.firmware)}; ${memory.listeners.toLocaleString('en-US')} listening sockets per 1,000, stock Antminers have a web interface too; after a GC): first 1,000: RSS ${signed(delta(0, 1, 'rss'))} MB, heap ${signed(delta(0, 1, 'heapUsed'))} MB; averaged over ${(steps * 1000).toLocaleString('en-US')}: RSS ${signed(delta(0, steps, 'rss'))} MB, heap ${signed(delta(0, steps, 'heapUsed'))} MB, external ${signed(delta(0, steps, 'external'), 2)} MB per 1,000 (process before: RSS ${mb(memory.points[0]!.rss).toFixed(0)} MB, heap ${mb(memory.points[0]!.heapUsed).toFixed(0)} MB)`,
      );
    }

    // 2. One agent process per size.
    const results: AgentFigures[] = [];
    for (const [index, count] of SIZES.entries()) {
      try {
        const { serving, figures, discoverySeconds } = await measureAgent(
          count,
          11 + index,
          emulators,
          broker.url,
          key,
        );
        results.push(figures);
        const per1k = figures.miners / 1000;
        // The share of a core one agent needs at a poll period (all of it once a cycle outlasts the period).
        const shareAt = (seconds: number) => Math.min(1, figures.cpuPerCycle / seconds) * 100;
        const goal =
          figures.miners >= 10_000
            ? `; goal for a 10,000-miner site: < 5% of a core and < 200 MB -> ${shareAt(AGENT_POLL_SECONDS) < 5 && figures.rssMb < 200 ? 'met' : 'NOT met'} at a ${AGENT_POLL_SECONDS} s poll, ${shareAt(60) < 5 && figures.rssMb < 200 ? 'met' : 'NOT met'} at 60 s`
            : '';
        const serveNote =
          serving.kind === 'serving'
            ? `${serving.listeners.toLocaleString('en-US')} listening sockets in the emulator process, up in ${serving.seconds.toFixed(1)} s`
            : '';
        console.log(
          `site agent (\`switchyard agent\`, own process) polling ${figures.found.toLocaleString('en-US')} of ${figures.miners.toLocaleString('en-US')} emulated miners every ${AGENT_POLL_SECONDS} s (found by scanning ${cidrsFor(count, 11 + index).join(',')} in ${discoverySeconds.toFixed(1)} s; ${serveNote}): CPU ${figures.cpuPerCycle.toFixed(2)} s per poll cycle (${((figures.cpuPerCycle / figures.miners) * 1000).toFixed(2)} ms per miner read) = ${shareAt(AGENT_POLL_SECONDS).toFixed(1)}% of one core at a ${AGENT_POLL_SECONDS} s poll (${(shareAt(AGENT_POLL_SECONDS) / per1k).toFixed(2)}% per 1,000 miners), ${shareAt(60).toFixed(1)}% at the default 60 s (measured over ${CYCLES_MEASURED} cycles, one every ${figures.cycleSeconds.toFixed(1)} s: ${(figures.cpuShare * 100).toFixed(1)}% of a core, the emulator process ${(figures.emulatorShare * 100).toFixed(0)}% meanwhile); RSS ${figures.rssMb.toFixed(0)} MB (peak ${figures.peakMb.toFixed(0)} MB; ${(figures.rssMb / per1k).toFixed(1)} MB per 1,000 miners; after a full GC: RSS ${figures.rssAfterGcMb.toFixed(0)} MB, live heap ${figures.heapAfterGcMb.toFixed(0)} MB)${goal}`,
        );
      } catch (error) {
        console.log(
          `site agent with ${count.toLocaleString('en-US')} emulated miners: did not work: ${(error as Error).message}`,
        );
      }
    }
    if (results.length === 2) {
      const [small, big] = results as [AgentFigures, AgentFigures];
      const k = (big.miners - small.miners) / 1000;
      console.log(
        `  marginal cost per 1,000 more miners (${small.miners.toLocaleString('en-US')} -> ${big.miners.toLocaleString('en-US')}): CPU +${((((big.cpuPerCycle - small.cpuPerCycle) / AGENT_POLL_SECONDS) * 100) / k).toFixed(2)}% of a core at a ${AGENT_POLL_SECONDS} s poll, RSS +${((big.rssMb - small.rssMb) / k).toFixed(1)} MB, live heap +${((big.heapAfterGcMb - small.heapAfterGcMb) / k).toFixed(1)} MB (so the process's fixed cost, tsx loader and every CLI command's modules included: RSS ~${(small.rssMb - (big.rssMb - small.rssMb) / k).toFixed(0)} MB)`,
      );
    }
  } finally {
    await broker.close();
    await emulators.close();
  }
}

export async function runAgentBench(): Promise<void> {
  // Should this process end abruptly, the agent and emulator processes end with it.
  const killChildren = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killChildren);
  try {
    for (const [name, part] of [
      ['fleet-wide curtailment', fleetCurtailment],
      ['agent and emulator footprint', footprints],
    ] as const) {
      try {
        await part();
      } catch (error) {
        console.log(`${name}: did not work: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    process.off('exit', killChildren);
  }
}
