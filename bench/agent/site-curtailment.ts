import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/start-server.ts';
import { cidrsFor } from './agent-process.ts';
import { describeMix, freePort, root, s, sleep } from './bench-util.ts';
import { trackChild } from './child-processes.ts';
import { Emulators } from './emulator-process.ts';

const MINERS = Number(process.env.BENCH_SITE_MINERS ?? 10_000);
const SITE = 'tx-west-1';

/**
 * One 10,000-miner site curtailed, each piece in its own process as in production: the server
 * (this process: startServer, PGlite, embedded broker, the example fleet), `switchyard agent`
 * (compiled when built) for the site, scanning loopback ranges in which the emulator process serves
 * the miners (the example fleet's firmware mix, firmware delays removed). Once the agent has polled,
 * one POST /api/v1/curtailments names the site; the emulator process watches its miners until the
 * last sleeps. Prints the API's answer time, the last (and median) miner asleep after the call, and
 * the agent's ack (per miner).
 *
 * Server and agent both run on the wall clock (the agent process knows no other), so the curtailed
 * setpoint is live when it arrives and the agent takes its emergency path. The allocator has no market
 * data for today: its plans fail and the site failure policy holds the site until the curtailment,
 * which is published at once, without waiting for a plan. Every time below is wall time from the call.
 */
export async function siteCurtailment(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-site-'));
  const emulators = new Emulators();
  const cleanups: (() => Promise<unknown>)[] = [() => emulators.close()];
  try {
    await emulators.next(60_000);
    const cidrs = cidrsFor(MINERS, 14);
    const serving = await emulators.ask({ kind: 'serve', count: MINERS, cidrs });
    if (serving.kind !== 'serving') throw new Error(`unexpected emulator reply ${serving.kind}`);
    const server = await startServer({
      port: await freePort(),
      host: '127.0.0.1',
      dataDir,
      mqttPort: await freePort(),
      fleetFile: join(root, 'examples/fleet.yaml'),
      logLevel: 'warn',
    });
    cleanups.unshift(() => server.close());
    const adminKey = readFileSync(server.adminKeyFile!, 'utf8').trim();
    const { key } = await server.app.services.auth.create(
      { name: 'bench site agent', role: 'agent', siteId: SITE },
      'system',
    );
    const child = spawn(
      process.execPath,
      [
        join(root, 'bin/switchyard.js'),
        'agent',
        ...['--site', SITE, '--broker', server.brokerUrl, '--key', key, '--miners', cidrs.join(',')],
        ...['--buffer-dir', join(dataDir, 'agent-buffer')],
      ],
      {
        cwd: root,
        env: { ...process.env, SWITCHYARD_LOG_FORMAT: 'json' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    trackChild(child);
    cleanups.unshift(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    });
    let polled = false;
    let pending = '';
    // BENCH_AGENT_LOG=<file>: the agent's log lines, kept for a look afterwards.
    const logFile = process.env.BENCH_AGENT_LOG;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (logFile) appendFileSync(logFile, chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      // Ready once the miners are found and it has run a cycle or holds its setpoint: the setpoint's
      // own wake ramp may run for minutes, and a curtailment does not wait for it.
      if (lines.some((line) => line.includes('"cycle done') || line.includes('"miners found'))) polled = true;
    });
    const startBudget = Date.now() + Number(process.env.BENCH_AGENT_START_SECONDS ?? 600) * 1000;
    while (!polled) {
      if (child.exitCode !== null) throw new Error(`agent exited ${child.exitCode}`);
      if (Date.now() > startBudget) throw new Error('agent: no poll cycle in time');
      await sleep(500);
    }

    await sleep(15_000);
    // The watch runs in the emulator process, on the same wall clock (Date.now) as this one.
    const t0 = Date.now();
    const watch = emulators.ask({ kind: 'asleep', timeoutMs: 120_000 });
    const response = await fetch(`${server.url}/api/v1/curtailments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ siteIds: [SITE], reason: 'bench: one big site' }),
    });
    const apiMs = Date.now() - t0;
    if (response.status !== 201) throw new Error(`curtailment refused: ${response.status}`);
    const asleep = await watch;
    if (asleep.kind !== 'asleep') throw new Error(`unexpected emulator reply ${asleep.kind}`);
    let ack: Awaited<ReturnType<typeof server.storage.setpoints.latest>>;
    const ackBudget = Date.now() + 120_000;
    for (;;) {
      ack = await server.storage.setpoints.latest(SITE);
      if ((ack?.curtailed && ack.ackedAtMs !== undefined) || Date.now() > ackBudget) break;
      await sleep(250);
    }
    console.log(
      `one site curtailed, server / agent / emulators in their own processes (${MINERS.toLocaleString('en-US')} emulated miners: ${describeMix(serving.firmware)}; firmware delays removed): the API answered in ${s(apiMs)}; ${asleep.asleep.toLocaleString('en-US')} of ${asleep.total.toLocaleString('en-US')} miners asleep, median ${s(asleep.medianAtMs - t0)}, last ${Number.isNaN(asleep.lastAtMs) ? 'never' : s(asleep.lastAtMs - t0)} after the call (goal: within 5 s); ack ${ack?.ackedAtMs === undefined ? 'not received in 120 s' : `${s(ack.ackedAtMs - t0)} after the call, ${ack.ackOk ? 'ok' : 'not ok'}: ${(ack.ackMessage ?? '').slice(0, 300)}`}`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
