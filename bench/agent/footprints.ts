import { startEmbeddedBroker } from '../../src/adapters/broker/index.ts';
import type { MemoryFigures } from '../agent-emulators.ts';
import {
  AGENT_POLL_SECONDS,
  type AgentFigures,
  CYCLES_MEASURED,
  cidrsFor,
  measureAgent,
} from './agent-process.ts';
import { describeMix, mb } from './bench-util.ts';
import { Emulators } from './emulator-process.ts';

/** Miners per agent process; BENCH_AGENT_SIZES="1000" measures fewer (e.g. to profile). */
const SIZES = (process.env.BENCH_AGENT_SIZES ?? '1000,10000').split(',').map(Number);

/**
 * Figures 2 and 3 (see agent.bench.ts): the emulator's memory per 1,000 miners, then one agent
 * process per size in SIZES, and the marginal cost per 1,000 more miners.
 */
export async function footprints(): Promise<void> {
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
