import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mb, root } from './bench-util.ts';
import { trackChild } from './child-processes.ts';
import type { Emulators } from './emulator-process.ts';
import { cpuSeconds, memoryKb } from './proc-stats.ts';

export const AGENT_POLL_SECONDS = 10;
export const CYCLES_MEASURED = 3;

/**
 * Loopback ranges holding `count` host addresses (at most 4,094 per /20, the agent's scan limit),
 * from 127.<octet>.0.0 up.
 */
export function cidrsFor(count: number, octet: number): string[] {
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

export interface AgentFigures {
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

/**
 * Figure 2 for one size: `switchyard agent` in its own process, scanning the loopback ranges in
 * which the emulator process serves `count` miners; CPU time over CYCLES_MEASURED poll cycles,
 * resident memory, and the live heap after a full GC (agent-memory-probe.mjs).
 */
export async function measureAgent(
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
      // e.g. BENCH_AGENT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the agent.
      ...(process.env.BENCH_AGENT_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
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
  trackChild(child);
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
    // Scanning 10,000 addresses takes minutes on a busy machine (BENCH_AGENT_START_SECONDS to change).
    const startBudgetMs = Number(process.env.BENCH_AGENT_START_SECONDS ?? 600) * 1000;
    await waitFor(() => cycles.length >= 1, startBudgetMs, 'first poll');
    const startSeconds = (cycles[0]! - t0) / 1000;
    const cpu0 = cpuSeconds(child.pid!);
    const emulatorCpu0 = cpuSeconds(emulators.child.pid!);
    const wall0 = performance.now();
    const first = cycles.length;
    await waitFor(
      () => cycles.length >= first + CYCLES_MEASURED,
      // A cycle outlasts the poll period on a busy machine: allow a minute or more each.
      (CYCLES_MEASURED + 6) * Math.max(AGENT_POLL_SECONDS, 60) * 1000,
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
