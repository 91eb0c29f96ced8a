import type { MinerDialect } from '../adapters/miners/index.ts';
import { SwitchyardError } from '../core/errors/index.ts';
import type { Fleet, MinerGroup, Site } from '../core/fleet/index.ts';
import type { MinerModel } from '../core/market/index.ts';
import { EmulatedGpuNode } from './gpu-emulator/emulated-gpu-node.ts';
import { GpuNodeServer } from './gpu-emulator/gpu-node-server.ts';
import { EmulatedMiner } from './miner-emulator/emulated-miner.ts';
import { type EmulatedMinerOptions, resolveMinerConfig } from './miner-emulator/miner-config.ts';
import { MinerEmulatorHost, type MinerEndpoint } from './miner-emulator/miner-emulator-host.ts';
import { hashSeed } from './seeded-random.ts';

/** A fleet file's firmware names. */
export type FleetFirmware = MinerGroup['firmware'];

/** Physics options applied to every emulated miner (model, clock, time scale and power range come from the fleet). */
export type SimMinerOptions = Omit<EmulatedMinerOptions, 'spec' | 'now' | 'timeScale' | 'powerRangeW'>;

export interface FleetSimOptions {
  /** Nameplates by model (`ReplayMarketData.minerModels()` or `readMinerModels`). */
  readonly minerModels: readonly MinerModel[];
  /** Share of each miner group to emulate, at least one miner per group. Default 1. */
  readonly scale?: number;
  /** Share of each GPU group's GPUs to emulate, at least one node per group. Default: `scale`. */
  readonly gpuScale?: number;
  /** GPUs per emulated node. Default 8. */
  readonly gpusPerNode?: number;
  /** Only these sites (all when empty or left out). */
  readonly siteIds?: readonly string[];
  /** Multiplies firmware delays and thermal time constants (see `EmulatedMinerOptions.timeScale`). Default 1. */
  readonly timeScale?: number;
  /** Seed of every PRNG; the same seed and fleet give the same fleet. Default 1. */
  readonly seed?: number;
  /** Address to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** The clock, ms since the epoch. Default: wall time. */
  readonly now?: () => number;
  /** The GPU nodes' clock (the control plane's, so lease times agree). Default: `now`. */
  readonly gpuNow?: () => number;
  /** ms between the shared physics ticks. Default 1000. */
  readonly tickMs?: number;
  /** Which API the `whatsminer` firmware serves: btminer 2.x on a cgminer port (default) or API 3.x. */
  readonly whatsminerApi?: 'v2' | 'v3';
  /** Faults, network conditions, delays, ambient... for every miner. */
  readonly miner?: SimMinerOptions;
}

export interface SimMinerEndpoint extends MinerEndpoint {
  readonly siteId: string;
  readonly groupId: string;
  /** The firmware named in the fleet file (`vnish` is served with its REST API, as `vnish`). */
  readonly firmware: FleetFirmware;
}

export interface SimGpuNodeEndpoint {
  readonly id: string;
  readonly siteId: string;
  readonly groupId: string;
  readonly host: string;
  readonly port: number;
  /** Base URL of the node's HTTP API (`GET <url>/v1/node`). */
  readonly url: string;
  readonly model: string;
  readonly gpus: number;
  readonly wattsPerGpu: number;
  readonly idleWattsPerGpu: number;
}

export interface SimSite {
  readonly siteId: string;
  readonly name: string;
  readonly miners: readonly SimMinerEndpoint[];
  readonly gpuNodes: readonly SimGpuNodeEndpoint[];
}

/** The client dialect that speaks to an emulated miner of `firmware`. */
export function dialectForFirmware(firmware: FleetFirmware, whatsminerApi: 'v2' | 'v3' = 'v2'): MinerDialect {
  switch (firmware) {
    case 'antminer-stock':
      return 'antminer-stock';
    case 'vnish':
      return 'vnish';
    case 'luxos':
      return 'luxos';
    case 'braiins-os':
      return 'braiins-os';
    case 'whatsminer':
      return whatsminerApi === 'v3' ? 'whatsminer-v3' : 'whatsminer-v2';
    case 'avalon':
      return 'avalon';
  }
}

/** Machines kept of a group of `count` at `scale`: rounded, at least one. */
export function scaledCount(count: number, scale: number): number {
  return Math.max(1, Math.round(count * scale));
}

/** Fans and chips per board of the emulated vendor. */
function hardwareOf(firmware: FleetFirmware): Pick<EmulatedMinerOptions, 'fans' | 'chipsPerBoard'> {
  switch (firmware) {
    case 'whatsminer':
      return { fans: 2, chipsPerBoard: 135 };
    case 'avalon':
      return { fans: 4, chipsPerBoard: 120 };
    default:
      return { fans: 4, chipsPerBoard: 110 };
  }
}

const LISTEN_BATCH = 200;

/**
 * The fleet digital twin's machines: emulated miners and GPU nodes for every site of a fleet file,
 * each listening on its own localhost port and speaking its firmware's protocol, so the site agent
 * drives them with the same clients it uses on real hardware.
 */
export class FleetSim {
  readonly sites: readonly SimSite[];
  readonly minerHost: MinerEmulatorHost;
  readonly gpuServers: readonly GpuNodeServer[];

  constructor(sites: readonly SimSite[], minerHost: MinerEmulatorHost, gpuServers: readonly GpuNodeServer[]) {
    this.sites = sites;
    this.minerHost = minerHost;
    this.gpuServers = gpuServers;
  }

  /** The emulated miner behind an endpoint id (`<site>/<group>/<n>`), for in-process control. */
  miner(id: string): EmulatedMiner | undefined {
    return this.minerHost.miner(id);
  }

  gpuNode(id: string): EmulatedGpuNode | undefined {
    return this.gpuServers.find((server) => server.node.spec.id === id)?.node;
  }

  /** Endpoints per site, as JSON for agents. */
  toJSON(): { sites: readonly SimSite[] } {
    return { sites: this.sites };
  }

  async close(): Promise<void> {
    await Promise.all([this.minerHost.close(), ...this.gpuServers.map((server) => server.close())]);
  }
}

function selectSites(fleet: Fleet, siteIds: readonly string[] | undefined): Site[] {
  if (!siteIds || siteIds.length === 0) return [...fleet.sites];
  const known = new Set(fleet.sites.map((site) => site.id));
  const unknown = siteIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_INVALID',
      `unknown site(s) ${unknown.join(', ')}; the fleet has ${[...known].join(', ')}`,
      { unknown },
    );
  }
  return fleet.sites.filter((site) => siteIds.includes(site.id));
}

/** Starts emulators for the fleet (scaled) and returns the endpoints per site. */
export async function startFleetSim(fleet: Fleet, options: FleetSimOptions): Promise<FleetSim> {
  const scale = options.scale ?? 1;
  const gpuScale = options.gpuScale ?? scale;
  if (!(scale > 0 && scale <= 1) || !(gpuScale > 0 && gpuScale <= 1)) {
    throw new SwitchyardError('SY_ERR_CONFIG_INVALID', `scale must be in (0, 1], got ${scale} / ${gpuScale}`);
  }
  const gpusPerNode = options.gpusPerNode ?? 8;
  const seed = options.seed ?? 1;
  const now = options.now ?? (() => Date.now());
  const host = options.host ?? '127.0.0.1';
  const models = new Map(options.minerModels.map((model) => [model.model, model]));
  const sites = selectSites(fleet, options.siteIds);

  // Check every model before opening a port.
  for (const site of sites) {
    for (const group of site.minerGroups) {
      if (!models.has(group.model)) {
        throw new SwitchyardError(
          'SY_ERR_CONFIG_INVALID',
          `site ${site.id}, miner group ${group.id}: model "${group.model}" is not in the miner models`,
          { siteId: site.id, groupId: group.id, model: group.model },
        );
      }
    }
  }

  const minerHost = new MinerEmulatorHost({ host, tickMs: options.tickMs });
  const gpuServers: GpuNodeServer[] = [];
  try {
    const result: SimSite[] = [];
    for (const site of sites) {
      const pending: Promise<SimMinerEndpoint>[] = [];
      const miners: SimMinerEndpoint[] = [];
      for (const group of site.minerGroups) {
        const model = models.get(group.model)!;
        const config = resolveMinerConfig({
          ...hardwareOf(group.firmware),
          ...options.miner,
          spec: {
            model: model.model,
            hashrateThs: model.hashrateThs,
            powerW: model.powerW,
            efficiencyExponent: group.underclockEfficiencyExponent,
          },
          now,
          timeScale: options.timeScale ?? 1,
          powerRangeW: group.powerTargetW,
        });
        const dialect = dialectForFirmware(group.firmware, options.whatsminerApi);
        const count = scaledCount(group.count, scale);
        for (let index = 0; index < count; index += 1) {
          const id = `${site.id}/${group.id}/${index}`;
          const miner = new EmulatedMiner(config, hashSeed(seed, id));
          pending.push(
            minerHost.add(miner, { id, dialect }).then((endpoint) => ({
              ...endpoint,
              siteId: site.id,
              groupId: group.id,
              firmware: group.firmware,
            })),
          );
          if (pending.length >= LISTEN_BATCH) miners.push(...(await Promise.all(pending.splice(0))));
        }
      }
      miners.push(...(await Promise.all(pending)));
      const gpuNodes: SimGpuNodeEndpoint[] = [];
      for (const group of site.gpuNodes) {
        let gpusLeft = scaledCount(group.count, gpuScale);
        for (let n = 0; gpusLeft > 0; n += 1) {
          const gpus = Math.min(gpusPerNode, gpusLeft);
          gpusLeft -= gpus;
          const id = `${site.id}/${group.id}/${n}`;
          const server = new GpuNodeServer(
            new EmulatedGpuNode({
              id,
              model: group.model,
              gpus,
              wattsPerGpu: group.wattsPerGpu,
              idleWattsPerGpu: group.idleWattsPerGpu,
              now: options.gpuNow ?? now,
              ambientC: options.miner?.ambientC,
            }),
          );
          gpuServers.push(server);
          const address = await server.listen(host, 0);
          gpuNodes.push({
            id,
            siteId: site.id,
            groupId: group.id,
            ...address,
            model: group.model,
            gpus,
            wattsPerGpu: group.wattsPerGpu,
            idleWattsPerGpu: group.idleWattsPerGpu,
          });
        }
      }
      result.push({ siteId: site.id, name: site.name, miners, gpuNodes });
    }
    return new FleetSim(result, minerHost, gpuServers);
  } catch (error) {
    await Promise.all([minerHost.close(), ...gpuServers.map((server) => server.close())]);
    throw error;
  }
}
