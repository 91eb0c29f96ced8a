import { join } from 'node:path';
import { inventoryFromGpuNodeEndpoints } from '../adapters/compute/compute-inventory.ts';
import type { DeferredComputeBackend } from '../adapters/compute/deferred-compute-backend.ts';
import { NodeApiComputeBackend } from '../adapters/compute/node-api-compute-backend.ts';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../adapters/market-data/index.ts';
import { BraiinsPoolEarnings } from '../adapters/pools/braiins-pool.ts';
import { fetchPoolHttp } from '../adapters/pools/pool-http.ts';
import { networkDaysFromBtcDays } from '../core/accounting/network-day.ts';
import { addUtcDays, utcDateOf } from '../core/pools/pool-credit.ts';
import { PoolCreditSync } from '../server/services/pool-credit-sync.ts';
import type { RunningServer } from '../server/start-server.ts';
import { type FleetSim, startFleetSim } from '../sim/fleet-sim.ts';
import { startTwinActuals, type TwinActuals } from '../sim/twin-actuals.ts';
import { twinShares } from '../sim/twin-shares.ts';
import { type RunningAgent, runAgent } from './agent-command.ts';

export interface RunningDemo {
  readonly sim: FleetSim;
  readonly agents: readonly RunningAgent[];
  readonly sites: number;
  readonly miners: number;
  readonly gpuNodes: number;
  close(): Promise<void>;
}

/**
 * The digital twin behind `npm start`: the fleet file's miners and GPU nodes emulated at `scale`
 * (each speaking its firmware's real protocol on its own port), and one site agent per site, in
 * this process, connected to the server's broker with its own agent key and polling its miners.
 */
export async function startDemoFleet(
  server: RunningServer,
  options: {
    fleetFile: string;
    scale: number;
    dataDir: string;
    pollSeconds: number;
    marketDataDir?: string;
    /** Multiplies emulated firmware delays (1 = realistic tens of seconds). */
    timeScale?: number;
    /** The server's compute backend: the emulated GPU nodes are attached to it. */
    compute?: DeferredComputeBackend;
  },
): Promise<RunningDemo> {
  const fleet = loadFleetFile(options.fleetFile);
  const market = await ReplayMarketData.load(dataDirFromEnv(options.marketDataDir));
  // The server's twin scale, exact per site: groups are emulated as whole machines.
  const watts = new Map(market.minerModels().map((model) => [model.model, model.powerW]));
  if (server.app.services.twin.scaled) {
    server.app.services.twin.setSiteShares(twinShares(fleet, options.scale, (model) => watts.get(model)));
  }
  const sim = await startFleetSim(fleet, {
    minerModels: market.minerModels(),
    scale: options.scale,
    timeScale: options.timeScale ?? 1,
    gpuNow: () => server.clock.nowMs(),
  });
  // The twin's revenue meters (Modbus TCP) and FPPS pool (Braiins Pool's API), read by the real adapters.
  const networkDays = new Map(
    networkDaysFromBtcDays(market.btcDays(), market.difficultyEpochs()).map((day) => [day.date, day]),
  );
  const twin = await startTwinActuals(sim, fleet, {
    now: () => server.clock.nowMs(),
    network: (d) => networkDays.get(d),
  });
  const poolSync = startPoolSync(server, twin);
  options.compute?.attach(
    new NodeApiComputeBackend({
      nodes: inventoryFromGpuNodeEndpoints(sim.sites.flatMap((site) => site.gpuNodes)),
      now: () => server.clock.nowMs(),
    }),
  );
  const agents: RunningAgent[] = [];
  try {
    const startAgent = async (site: (typeof sim.sites)[number]) => {
      const { key } = await server.app.services.auth.create(
        { name: `demo agent ${site.siteId}`, role: 'agent', siteId: site.siteId },
        'system',
      );
      agents.push(
        await runAgent(
          {
            site: site.siteId,
            broker: server.brokerUrl,
            key,
            miners: site.miners
              .map((m) => `${m.host}:${m.port}/${m.dialect}${m.webPort ? `@${m.webPort}` : ''}`)
              .join(','),
            gpus: site.gpuNodes.map((g) => `${g.id}=${g.url}`).join(',') || undefined,
            meter: meterOption(twin.meters.get(site.siteId)),
            pollSeconds: String(options.pollSeconds),
            bufferDir: join(options.dataDir, `agent-${site.siteId}`, 'telemetry'),
            bufferMb: '64',
            fallback: 'hold-last',
            poolFee: '2',
            pue: '1.05',
            waveSize: '50',
            waveSeconds: '2',
            probeTimeoutMs: '1500',
          },
          { clock: server.clock },
        ),
      );
    };
    // A few agents start at once: each resolves its miners and connects to the broker.
    const queue = sim.sites.filter((site) => site.miners.length > 0);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let site = queue.shift(); site; site = queue.shift()) await startAgent(site);
      }),
    );
  } catch (error) {
    for (const agent of agents) await agent.close().catch(() => undefined);
    poolSync.stop();
    await twin.close();
    await sim.close();
    throw error;
  }
  return {
    sim,
    agents,
    sites: agents.length,
    miners: sim.sites.reduce((sum, s) => sum + s.miners.length, 0),
    gpuNodes: sim.sites.reduce((sum, s) => sum + s.gpuNodes.length, 0),
    async close() {
      await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
      poolSync.stop();
      await twin.close();
      await sim.close();
    },
  };
}

function meterOption(endpoint: { host: string; port: number } | undefined): string | undefined {
  return endpoint ? `${endpoint.host}:${endpoint.port}/1` : undefined;
}

/**
 * Polls the twin's pool through the real Braiins Pool adapter every 10 s of wall time (each site's
 * account is the site id), books new credits to the ledger (late ones into the open period), runs the
 * expected-vs-actual earnings tick and books the month's metered energy and performed DR credits.
 */
function startPoolSync(server: RunningServer, twin: TwinActuals): { stop(): void } {
  const adapters = new Map(
    [...twin.poolTokens].map(([site, token]) => [
      site,
      new BraiinsPoolEarnings({
        token,
        baseUrl: twin.poolUrl,
        http: fetchPoolHttp(5_000),
        readPoolHashrate: true,
      }),
    ]),
  );
  const sync = new PoolCreditSync(
    server.storage,
    (pool, account) => (pool === 'braiins' ? adapters.get(account) : undefined),
    40,
    (siteId) => (adapters.has(siteId) ? [{ pool: 'braiins', account: siteId }] : []),
  );
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const nowMs = server.clock.nowMs();
    const today = utcDateOf(nowMs);
    sync
      .tick(nowMs)
      .then(() => server.app.services.actuals.postCredits(addUtcDays(today, -40), today, today))
      .then(() => server.app.services.earnings.tick(nowMs))
      .then(() => server.app.services.actuals.booking.postMonth(today.slice(0, 7), nowMs, today))
      .catch((error: unknown) =>
        server.app.log.warn({ err: (error as Error).message }, 'pool credit sync failed'),
      )
      .finally(() => {
        running = false;
      });
  }, 10_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
