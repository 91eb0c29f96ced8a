import { SDM630 } from '../adapters/meter/register-map.ts';
import type { NetworkDay } from '../core/accounting/network-day.ts';
import type { Fleet } from '../core/fleet/fleet-schema.ts';
import type { FleetSim } from './fleet-sim.ts';
import { EmulatedSiteMeter } from './meter-emulator/emulated-site-meter.ts';
import { ModbusMeterServer } from './meter-emulator/modbus-meter-server.ts';
import { EmulatedPool } from './pool-emulator/emulated-pool.ts';
import { EmulatedPoolServer } from './pool-emulator/emulated-pool-server.ts';

/** The twin's meters and pool: where each site's meter listens, and the pool's URL and tokens. */
export interface TwinActuals {
  /** Site -> the emulated meter's Modbus TCP endpoint (Eastron SDM630 map, unit 1). */
  readonly meters: ReadonlyMap<string, { readonly host: string; readonly port: number }>;
  readonly pool: EmulatedPool;
  /** Base URL of the emulated pool's Braiins Pool API. */
  readonly poolUrl: string;
  /** Site -> Pool-Auth-Token of its account (the account name is the site id). */
  readonly poolTokens: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/**
 * Starts, for every site of a running fleet sim, an emulated Modbus revenue meter measuring what
 * the site's emulated miners and GPU nodes draw (x the site's PUE) and one FPPS pool account
 * crediting the hashrate its emulated miners measure, sampled every `sampleMs` of wall time on the
 * twin's clock; the pool serves Braiins Pool's API.
 */
export async function startTwinActuals(
  sim: FleetSim,
  fleet: Fleet,
  options: {
    readonly now: () => number;
    readonly network: (date: string) => NetworkDay | undefined;
    readonly sampleMs?: number;
    readonly host?: string;
  },
): Promise<TwinActuals> {
  const host = options.host ?? '127.0.0.1';
  const servers: ModbusMeterServer[] = [];
  const meters = new Map<string, { host: string; port: number }>();
  const poolTokens = new Map<string, string>();
  const feePercent = fleet.sites[0]?.pool.feePercent ?? 2;
  const pool = new EmulatedPool({
    network: options.network,
    feeBps: BigInt(Math.round(feePercent * 100)),
    now: options.now,
  });
  for (const simSite of sim.sites) {
    const site = fleet.sites.find((s) => s.id === simSite.siteId);
    if (!site) continue;
    const minerIds = simSite.miners.map((m) => m.id);
    const gpuIds = simSite.gpuNodes.map((g) => g.id);
    const itPowerW = () => {
      let watts = 0;
      for (const id of minerIds) watts += sim.miner(id)?.snapshot().powerW ?? 0;
      for (const id of gpuIds) watts += sim.gpuNode(id)?.status().powerW ?? 0;
      return watts;
    };
    const server = new ModbusMeterServer(
      new EmulatedSiteMeter({ itPowerW, pue: site.pue, now: options.now }),
      SDM630,
    );
    servers.push(server);
    meters.set(site.id, await server.listen(host, 0));
    const token = `twin-${site.id}`;
    poolTokens.set(site.id, token);
    pool.addAccount({
      account: site.id,
      token,
      hashrateThs: () => minerIds.reduce((sum, id) => sum + (sim.miner(id)?.snapshot().hashrateThs ?? 0), 0),
    });
  }
  const poolServer = new EmulatedPoolServer(pool);
  const { url } = await poolServer.listen(host, 0);
  const timer = setInterval(() => pool.sample(), options.sampleMs ?? 2_000);
  timer.unref();
  return {
    meters,
    pool,
    poolUrl: url,
    poolTokens,
    async close() {
      clearInterval(timer);
      await Promise.all([poolServer.close(), ...servers.map((s) => s.close())]);
    },
  };
}
