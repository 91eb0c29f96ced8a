/**
 * Site-agent figures for `npm run bench -- agent`. Prints figures; asserts nothing.
 *
 *   1. fleet-wide curtailment latency (agent/fleet-curtailment.ts; 1/10 scale, BENCH_FLEET_SCALE): the server in this process
 *      (startServer: PGlite in a temp dir, embedded broker on a free port, replay clock), the example
 *      fleet emulated at 1/10 scale with firmware delays removed (timeScale 0), one site agent per
 *      site in this process (5 s polls, wired as `npm start`'s demo wires them); once every site has
 *      acked a setpoint, one POST /api/v1/curtailments names every site and the emulators are watched
 *      directly (every 10 ms) until the last miner sleeps: per site (median, max), the whole fleet, and
 *      the split between the server (re-plan, publish) and the agents (setpoint held -> miners asleep);
 *   2. the agent's CPU and resident memory (agent/agent-process.ts): `switchyard agent` in its own
 *      process, scanning loopback ranges in which a child process (agent-emulators.ts) serves 1,000
 *      and then 10,000 emulated miners (the example fleet's firmware mix), polling every 10 s; CPU time
 *      (utime + stime from /proc/<pid>/stat) over three poll cycles, VmRSS and VmHWM from
 *      /proc/<pid>/status, and the live heap after a full GC (agent-memory-probe.mjs, preloaded);
 *   3. the emulator's own memory per 1,000 emulated miners (RSS and heap after a GC, one
 *      MinerEmulatorHost, measured in that child before it serves anything).
 *
 *   4. one 10,000-miner site curtailed with server, agent and emulators in their own processes
 *      (agent/site-curtailment.ts): the API's answer time, the last miner asleep after the call, the ack.
 *
 * 2 and 3 are printed by agent/footprints.ts. About three minutes on two cores. Every process, port
 * and temp directory it makes goes away.
 */
import { killChildrenOnExit } from './agent/child-processes.ts';
import { fleetCurtailment } from './agent/fleet-curtailment.ts';
import { footprints } from './agent/footprints.ts';
import { siteCurtailment } from './agent/site-curtailment.ts';

export async function runAgentBench(): Promise<void> {
  // Should this process end abruptly, the agent and emulator processes end with it.
  const forget = killChildrenOnExit();
  try {
    // BENCH_AGENT_PARTS="footprint" (or "curtailment") runs one part only.
    const only = process.env.BENCH_AGENT_PARTS?.split(',');
    for (const [key, name, part] of [
      ['curtailment', 'fleet-wide curtailment', fleetCurtailment],
      ['site-curtailment', 'one 10,000-miner site curtailed', siteCurtailment],
      ['footprint', 'agent and emulator footprint', footprints],
    ] as const) {
      if (only !== undefined && !only.includes(key)) continue;
      try {
        await part();
      } catch (error) {
        console.log(`${name}: did not work: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    forget();
  }
}
