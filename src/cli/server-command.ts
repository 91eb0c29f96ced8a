import type { Command } from 'commander';
import { loadGpuNodeInventory } from '../adapters/compute/gpu-node-inventory-file.ts';
import { NodeApiComputeBackend } from '../adapters/compute/node-api-compute-backend.ts';
import { loadSlurmClusterFile } from '../adapters/compute/slurm/slurm-cluster-file.ts';
import { SlurmComputeBackend } from '../adapters/compute/slurm/slurm-compute-backend.ts';
import type { ReplayMarketData } from '../adapters/market-data/index.ts';
import { SwitchyardError } from '../core/errors/index.ts';
import { liveForecaster } from '../core/forecast/forecasters.ts';
import type { ComputeBackend } from '../core/ports/compute-backend.ts';
import { SlurmReconciler } from '../server/services/marketplace/slurm-reconciler.ts';
import { startServer } from '../server/start-server.ts';
import { parseDateOption, parseNumberOption } from './context.ts';
import { waitForSignal } from './wait-for-signal.ts';

export interface ServerCommandOptions {
  port: string;
  host: string;
  dataDir: string;
  marketDataDir?: string;
  replayFrom?: string;
  speed: string;
  replayAnchor?: string;
  fleet?: string;
  intervalMinutes: string;
  /** Price forecaster of the allocation loop (default learned-hedged). */
  forecaster?: string;
  /** GPU node inventory file (JSON or YAML list of { nodeId, siteId, groupId, url, gpus }). */
  gpuNodes?: string;
  /** Slurm cluster file: leases run as Slurm jobs (docs/DATA.md); replaces `gpuNodes`. */
  slurm?: string;
  /** `--no-market-import`: skip importing the data directory into stored history on a first start. */
  marketImport?: boolean;
  /** `--live-feeds`: poll the market feeds on the server's clock (wall or replay). */
  liveFeeds?: boolean;
  /** Set by `start`: the market data its fake feeds loaded. */
  market?: ReplayMarketData;
  /** `--twin-scale`: the agents drive a digital twin at this share of each site (0.01 = 1/100). */
  twinScale?: string;
  /**
   * Set by `start` when replaying: an ack is due within this many seconds of the server's clock (the
   * agents' command waves run on wall time, so a fast replay needs more replayed seconds).
   */
  ackTimeoutSeconds?: number;
  /** Set by `start`: the demo attaches its emulated GPU nodes later. */
  compute?: ComputeBackend;
}

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('run the control plane: HTTP API, MQTT for site agents, the live allocation loop')
    .option('--port <port>', 'HTTP port', process.env.PORT ?? '8080')
    .option('--host <host>', 'HTTP and embedded-broker host', process.env.HOST ?? '127.0.0.1')
    .option(
      '--data-dir <dir>',
      'where PGlite data and the first admin key live',
      process.env.SWITCHYARD_HOME ?? '.switchyard',
    )
    .option(
      '--market-data-dir <dir>',
      'market data directory (default $SWITCHYARD_DATA_DIR or ../shared/data)',
    )
    .option('--replay-from <date>', 'replay historical prices from this UTC day instead of wall time')
    .option('--speed <x>', 'replay speed (simulated seconds per wall second)', '1')
    .option(
      '--replay-anchor <epoch-ms>',
      'wall-clock instant the replay starts at; give replicas the same one',
    )
    .option('--fleet <file>', 'fleet file imported when the database has no sites')
    .option('--interval-minutes <minutes>', 'allocation interval', '15')
    .option('--forecaster <name>', 'price forecaster the allocation loop plans on (default learned-hedged)')
    .option(
      '--live-feeds',
      "poll the market feeds the fleet needs (configured from the environment, docs/OPERATIONS.md) on the server's clock and plan on stored history (with --replay-from: feeds serving that replay, e.g. switchyard sim --feeds)",
    )
    .option(
      '--no-market-import',
      'do not import the market-data directory into stored history on a first start',
    )
    .option(
      '--twin-scale <share>',
      'the agents drive a digital twin emulating this share of each site (0.01 = 1/100): setpoints go to them scaled down, their site figures are shown scaled up',
    )
    .option('--gpu-nodes <file>', 'GPU node inventory for leases (docs/DATA.md)', process.env.GPU_NODES_FILE)
    .option(
      '--slurm <file>',
      'run leases on a Slurm cluster described by this file (docs/DATA.md) instead of the GPU node API',
      process.env.SWITCHYARD_SLURM_FILE,
    )
    .action(async (options: ServerCommandOptions) => {
      const server = await runServer(options);
      await waitForSignal();
      await server.close();
    });
}

export async function runServer(options: ServerCommandOptions) {
  if (options.slurm && options.replayFrom) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_INVALID',
      "--slurm runs on the wall clock (Slurm's): drop --replay-from",
      {
        field: 'slurm',
      },
    );
  }
  const slurm = options.slurm
    ? new SlurmComputeBackend({ ...loadSlurmClusterFile(options.slurm), now: Date.now })
    : undefined;
  const server = await startServer({
    port: parseNumberOption('port', options.port, 0),
    host: options.host,
    dataDir: options.dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    mqttUrl: process.env.MQTT_URL || undefined,
    mqttPort: process.env.MQTT_PORT ? parseNumberOption('MQTT_PORT', process.env.MQTT_PORT, 0) : undefined,
    marketDataDir: options.marketDataDir,
    market: options.market,
    replayFromMs: options.replayFrom ? parseDateOption('replay-from', options.replayFrom) : undefined,
    speed: parseNumberOption('speed', options.speed, 0.001),
    replayAnchorMs: options.replayAnchor
      ? parseNumberOption('replay-anchor', options.replayAnchor, 0)
      : undefined,
    fleetFile: options.fleet,
    config: {
      intervalMinutes: parseNumberOption('interval-minutes', options.intervalMinutes, 1),
      forecaster: options.forecaster === undefined ? undefined : liveForecaster(options.forecaster).name,
      twinScale: options.twinScale === undefined ? undefined : parseTwinScale(options.twinScale),
      ...(options.ackTimeoutSeconds === undefined ? {} : { ackTimeoutSeconds: options.ackTimeoutSeconds }),
    },
    logLevel: process.env.LOG_LEVEL,
    importMarketHistory: options.marketImport !== false,
    liveFeeds: options.liveFeeds === true,
    compute:
      options.compute ??
      slurm ??
      (options.gpuNodes
        ? new NodeApiComputeBackend({ nodes: loadGpuNodeInventory(options.gpuNodes), now: Date.now })
        : undefined),
  });
  if (!slurm) return server;
  // Tenants are Slurm accounts with their quota as GPU limit; jobs and billing are kept in agreement.
  slurm.setTenantGpuQuota(async (id) => (await server.storage.marketplace.getTenant(id))?.maxGpus);
  const reconciler = new SlurmReconciler(server.storage, slurm, Date.now, server.app.log);
  // Stopped with the server's other jobs when it closes.
  server.app.services.scheduler.add({
    name: 'slurm-reconciler',
    everyMs: 30_000,
    tick: () => reconciler.tick(),
  });
  return server;
}

function parseTwinScale(value: string): number {
  const share = parseNumberOption('twin-scale', value, 0);
  if (!(share > 0 && share <= 1)) {
    throw new SwitchyardError('SY_ERR_CONFIG_INVALID', `--twin-scale must be in (0, 1], got ${value}`, {
      field: 'twin-scale',
    });
  }
  return share;
}
