/**
 * Child process of `npm run bench -- agent` (started with `fork`, `--import tsx --expose-gc`): serves
 * emulated miners for the agent's CPU/memory figures and measures the emulator's own memory, away from
 * the bench process. Messages in (IPC):
 *
 *   { kind: 'memory', count, steps }   add `count` miners to one MinerEmulatorHost (ports picked freely),
 *                                      `steps` times; report RSS and heap (after a GC) before and after
 *                                      each step; close them again;
 *   { kind: 'serve', count, cidrs }    one miner on each host address of `cidrs` (loopback), on the
 *                                      firmware's default ports (cgminer 4028, web/REST 80), so the
 *                                      agent finds them by scanning the ranges;
 *   { kind: 'asleep', timeoutMs }     watches the served miners every 10 ms until all sleep (or the
 *                                      timeout): when each was first seen asleep (epoch ms);
 *   { kind: 'stop' }                   closes every miner.
 *
 * The miners are the example fleet's mix: miner i of n comes from the fleet's groups in proportion to
 * their counts (model, firmware, power range), physics as `startFleetSim` builds them.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFleetFile } from '../src/adapters/fleet-file/load-fleet-file.ts';
import { DATA_PATHS, dataDirFromEnv, readMinerModels } from '../src/adapters/market-data/index.ts';
import { expandCidr } from '../src/agent/miner-targets.ts';
import type { MinerGroup } from '../src/core/fleet/index.ts';
import { dialectForFirmware } from '../src/sim/fleet-sim.ts';
import { EmulatedMiner } from '../src/sim/miner-emulator/emulated-miner.ts';
import { type MinerConfig, resolveMinerConfig } from '../src/sim/miner-emulator/miner-config.ts';
import { MinerEmulatorHost } from '../src/sim/miner-emulator/miner-emulator-host.ts';

export type EmulatorRequest =
  | { readonly kind: 'memory'; readonly count: number; readonly steps: number }
  | { readonly kind: 'serve'; readonly count: number; readonly cidrs: readonly string[] }
  | { readonly kind: 'asleep'; readonly timeoutMs: number }
  | { readonly kind: 'stop' };

export interface MemoryFigures {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export type EmulatorReply =
  | {
      readonly kind: 'memory';
      readonly count: number;
      /** Listening sockets of one step's miners. */
      readonly listeners: number;
      /** Before the first step, then after each. */
      readonly points: readonly MemoryFigures[];
      /** One step's miners by firmware. */
      readonly firmware: Record<string, number>;
    }
  | {
      readonly kind: 'serving';
      readonly count: number;
      readonly listeners: number;
      readonly seconds: number;
      readonly rssMb: number;
      readonly firmware: Record<string, number>;
    }
  | {
      readonly kind: 'asleep';
      /** Miners served, and asleep when the watch ended. */
      readonly total: number;
      readonly asleep: number;
      /** Epoch ms each miner was first seen asleep (the last one, and the median). */
      readonly lastAtMs: number;
      readonly medianAtMs: number;
    }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'error'; readonly message: string };

const root = fileURLToPath(new URL('..', import.meta.url));
const fleet = loadFleetFile(join(root, 'examples/fleet.yaml'));
const { models } = await readMinerModels(join(dataDirFromEnv(), DATA_PATHS.minerModels));
const modelByName = new Map(models.map((model) => [model.model, model]));

interface Kind {
  readonly group: MinerGroup;
  readonly config: MinerConfig;
}

const kinds: Kind[] = fleet.sites.flatMap((site) =>
  site.minerGroups.map((group) => {
    const model = modelByName.get(group.model);
    if (!model) throw new Error(`model ${group.model} is not in the miner models`);
    const hardware =
      group.firmware === 'whatsminer'
        ? { fans: 2, chipsPerBoard: 135 }
        : group.firmware === 'avalon'
          ? { fans: 4, chipsPerBoard: 120 }
          : { fans: 4, chipsPerBoard: 110 };
    return {
      group,
      config: resolveMinerConfig({
        ...hardware,
        spec: {
          model: model.model,
          hashrateThs: model.hashrateThs,
          powerW: model.powerW,
          efficiencyExponent: group.underclockEfficiencyExponent,
        },
        now: () => Date.now(),
        timeScale: 0,
        powerRangeW: group.powerTargetW,
      }),
    };
  }),
);
const totalCount = kinds.reduce((sum, kind) => sum + kind.group.count, 0);

/** The kind of miner i of n: the fleet's groups in proportion to their counts. */
function kindOf(i: number, n: number): Kind {
  const position = ((i + 0.5) / n) * totalCount;
  let seen = 0;
  for (const kind of kinds) {
    seen += kind.group.count;
    if (position < seen) return kind;
  }
  return kinds[kinds.length - 1]!;
}

function addOptions(kind: Kind, id: string, defaultPorts: boolean) {
  const firmware = kind.group.firmware;
  const dialect = dialectForFirmware(firmware);
  const bitmainFlavour = firmware === 'vnish' ? ('vnish' as const) : ('stock' as const);
  const port = !defaultPorts ? 0 : dialect === 'braiins-os' ? 80 : 4028;
  return { id, dialect, bitmainFlavour, port, ...(defaultPorts ? { webPort: 80 } : {}) };
}

function memory(): MemoryFigures {
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
  };
}

const BATCH = 200;
let serving: MinerEmulatorHost[] = [];

async function handle(request: EmulatorRequest): Promise<EmulatorReply> {
  switch (request.kind) {
    case 'memory': {
      const firmware: Record<string, number> = {};
      const points = [memory()];
      const host = new MinerEmulatorHost({ host: '127.0.0.1' });
      let listeners = 0;
      const total = request.count * request.steps;
      for (let start = 0; start < total; start += BATCH) {
        const adds: Promise<unknown>[] = [];
        for (let i = start; i < Math.min(total, start + BATCH); i += 1) {
          const kind = kindOf(i % request.count, request.count);
          const first = i < request.count;
          if (first) firmware[kind.group.firmware] = (firmware[kind.group.firmware] ?? 0) + 1;
          adds.push(
            host
              .add(new EmulatedMiner(kind.config, i + 1), addOptions(kind, `m${i}`, false))
              .then((endpoint) => {
                if (first) listeners += endpoint.webPort === undefined ? 1 : 2;
              }),
          );
        }
        await Promise.all(adds);
        if ((start + BATCH) % request.count === 0) points.push(memory());
      }
      await host.close();
      return { kind: 'memory', count: request.count, listeners, points, firmware };
    }
    case 'serve': {
      const t0 = performance.now();
      const addresses = request.cidrs.flatMap((cidr) => expandCidr(cidr));
      if (addresses.length < request.count) {
        throw new Error(
          `${request.cidrs.join(',')} has ${addresses.length} addresses for ${request.count} miners`,
        );
      }
      const firmware: Record<string, number> = {};
      let listeners = 0;
      for (let start = 0; start < request.count; start += BATCH) {
        const adds: Promise<unknown>[] = [];
        for (let i = start; i < Math.min(request.count, start + BATCH); i += 1) {
          const kind = kindOf(i, request.count);
          firmware[kind.group.firmware] = (firmware[kind.group.firmware] ?? 0) + 1;
          // One host per address (a MinerEmulatorHost listens on one address); no tick loop: reads
          // move a miner's physics forward.
          const host = new MinerEmulatorHost({ host: addresses[i]!, tickMs: 0 });
          serving.push(host);
          adds.push(
            host
              .add(new EmulatedMiner(kind.config, i + 1), addOptions(kind, `m${i}`, true))
              .then((endpoint) => {
                listeners += endpoint.webPort === undefined ? 1 : 2;
              }),
          );
        }
        await Promise.all(adds);
      }
      return {
        kind: 'serving',
        count: request.count,
        listeners,
        seconds: (performance.now() - t0) / 1000,
        rssMb: process.memoryUsage().rss / 1024 / 1024,
        firmware,
      };
    }
    case 'asleep': {
      const miners = serving.flatMap((host) => host.miners());
      const seenAt = miners.map(() => Number.NaN);
      const deadline = Date.now() + request.timeoutMs;
      for (;;) {
        const now = Date.now();
        miners.forEach((miner, i) => {
          if (Number.isNaN(seenAt[i]!) && miner.phase === 'sleeping') seenAt[i] = now;
        });
        if (seenAt.every((at) => !Number.isNaN(at)) || now > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const times = seenAt.filter((at) => !Number.isNaN(at)).sort((a, b) => a - b);
      return {
        kind: 'asleep',
        total: miners.length,
        asleep: times.length,
        lastAtMs: times.at(-1) ?? Number.NaN,
        medianAtMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
      };
    }
    case 'stop': {
      const hosts = serving;
      serving = [];
      for (let i = 0; i < hosts.length; i += 1000) {
        await Promise.all(hosts.slice(i, i + 1000).map((host) => host.close()));
      }
      return { kind: 'stopped' };
    }
  }
}

process.on('message', (request: EmulatorRequest) => {
  handle(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
// The bench process went away: stop serving.
process.on('disconnect', () => process.exit(0));
process.send?.({ kind: 'stopped' } satisfies EmulatorReply);
