import type { Command } from 'commander';
import { loadGpuNodeInventory } from '../adapters/compute/gpu-node-inventory-file.ts';
import { NodeApiComputeBackend } from '../adapters/compute/node-api-compute-backend.ts';
import type { ComputeBackend } from '../core/ports/compute-backend.ts';
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
  /** GPU node inventory file (JSON or YAML list of { nodeId, siteId, groupId, url, gpus }). */
  gpuNodes?: string;
  /** `--no-market-import`: skip importing the data directory into stored history on a first start. */
  marketImport?: boolean;
  /** `--live-feeds`: poll the market feeds (wall clock only). */
  liveFeeds?: boolean;
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
    .option(
      '--live-feeds',
      'on the wall clock, poll the market feeds the fleet needs (configured from the environment, docs/OPERATIONS.md) and plan on stored history',
    )
    .option(
      '--no-market-import',
      'do not import the market-data directory into stored history on a first start',
    )
    .option('--gpu-nodes <file>', 'GPU node inventory for leases (docs/DATA.md)', process.env.GPU_NODES_FILE)
    .action(async (options: ServerCommandOptions) => {
      const server = await runServer(options);
      await waitForSignal();
      await server.close();
    });
}

export async function runServer(options: ServerCommandOptions) {
  return startServer({
    port: parseNumberOption('port', options.port, 0),
    host: options.host,
    dataDir: options.dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    mqttUrl: process.env.MQTT_URL || undefined,
    mqttPort: process.env.MQTT_PORT ? parseNumberOption('MQTT_PORT', process.env.MQTT_PORT, 0) : undefined,
    marketDataDir: options.marketDataDir,
    replayFromMs: options.replayFrom ? parseDateOption('replay-from', options.replayFrom) : undefined,
    speed: parseNumberOption('speed', options.speed, 0.001),
    replayAnchorMs: options.replayAnchor
      ? parseNumberOption('replay-anchor', options.replayAnchor, 0)
      : undefined,
    fleetFile: options.fleet,
    config: { intervalMinutes: parseNumberOption('interval-minutes', options.intervalMinutes, 1) },
    logLevel: process.env.LOG_LEVEL,
    importMarketHistory: options.marketImport !== false,
    liveFeeds: options.liveFeeds === true,
    compute:
      options.compute ??
      (options.gpuNodes
        ? new NodeApiComputeBackend({ nodes: loadGpuNodeInventory(options.gpuNodes), now: Date.now })
        : undefined),
  });
}
