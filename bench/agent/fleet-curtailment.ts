import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadFleetFile } from '../../src/adapters/fleet-file/load-fleet-file.ts';
import { DATA_PATHS, dataDirFromEnv, readMinerModels } from '../../src/adapters/market-data/index.ts';
import { startServer } from '../../src/server/start-server.ts';
import { type SimSite, startFleetSim } from '../../src/sim/fleet-sim.ts';
import { CONNECT_TIMEOUT_MS, FLEET_POLL_SECONDS, startSiteAgent } from './bench-site-agent.ts';
import { describeMix, freePort, median, root, s, sleep } from './bench-util.ts';
import { CountingLog } from './counting-log.ts';

const FLEET = join(root, 'examples/fleet.yaml');
/** The example fleet's scale (BENCH_FLEET_SCALE; the issue's goal is stated at 1/10). */
const SCALE = Number(process.env.BENCH_FLEET_SCALE ?? 0.1);
/** After every site acked the curtailment: how long the miners may stay as they are before giving up. */
const QUIET_MS = 15_000;

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

/**
 * Figure 1: fleet-wide curtailment latency (see agent.bench.ts): the server, the example fleet's
 * emulators and one agent per site in this process; one POST /api/v1/curtailments naming every site,
 * then the emulators are watched until the last miner sleeps.
 */
export async function fleetCurtailment(): Promise<void> {
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
      `fleet-wide curtailment, example fleet at 1/${Math.round(1 / SCALE)} scale (${minerCount.toLocaleString('en-US')} emulated miners, ${hashingAtCall.toLocaleString('en-US')} hashing at the call, ${sites.length} sites, one in-process agent each polling every ${FLEET_POLL_SECONDS} s with a ${CONNECT_TIMEOUT_MS} ms connect timeout, firmware delays removed: timeScale 0), one POST /api/v1/curtailments naming every site -> last emulated miner asleep: per site median ${s(median(latencies))}, max ${s(Math.max(0, ...latencies))} over ${perSite.length} sites; whole fleet ${unfinished === 0 ? s(Math.max(0, ...latencies)) : `not reached (${unfinished} sites not fully asleep)`}${excluded.length > 0 ? ` (not counting ${excluded.map(([what, n]) => `${n} ${what.replace(/ \(.*\)$/, '')}`).join(', ')}: the capabilities the agent last read say they cannot sleep)` : ''}; the API call returned 201 after ${s(apiMs)} (it stores the curtailment and answers; publishing and re-planning follow); server start to every site acking its first setpoint: ${s(setupSeconds * 1000)}`,
    );
    console.log(
      `  everything above shares this process's event loop (server, ${sites.length} agents, ${minerCount.toLocaleString('en-US')} emulators; ${availableParallelism()} cores): its delay during the curtailment p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms (the watcher looks every 10 ms)`,
    );
    console.log(
      `  of which the server (publish each site's curtailed setpoint, re-plan after): curtailed setpoint held by the site's agent after median ${s(median(received))}, last ${s(Math.max(0, ...received))}; and the agent (setpoint held -> its last miner asleep): median ${s(median(agentPart.map((a) => a.agentMs)))}, max ${slowest ? `${s(slowest.agentMs)} (${slowest.siteId}: ${slowest.mix}; ${describeCurtailCycles(curtailCycles.get(slowest.siteId), t0)})` : 'n/a'}`,
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
