import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import { DATA_PATHS, dataDirFromEnv, readMinerModels } from '../adapters/market-data/index.ts';
import { SwitchyardError } from '../core/errors/index.ts';
import { type FleetSim, scaledCount, startFleetSim } from '../sim/index.ts';
import { parseDateOption } from './context.ts';
import { startFleetFakeFeeds } from './fake-feeds.ts';

/** Where the command writes and how it learns to stop; tests pass their own. */
export interface SimCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves (with the reason) when the simulator should stop: Ctrl-C or SIGTERM by default. */
  readonly waitForStop: () => Promise<string>;
  /** Called once the emulators listen, before waiting (tests read the endpoints here). */
  readonly onStarted?: (sim: FleetSim) => void;
}

export interface SimCommandOptions {
  readonly fleet: string;
  readonly scale: string;
  readonly site?: string[];
  readonly timeScale: string;
  readonly out?: string;
  readonly dataDir?: string;
  readonly seed: string;
  readonly host: string;
  readonly whatsminerApi: string;
  readonly boardFaultsPerHour: string;
  readonly networkTimeout: string;
  readonly networkDrop: string;
  /** `--feeds`: also serve the fake market feeds for the fleet. */
  readonly feeds?: boolean;
  readonly feedsPort?: string;
  readonly replayFrom?: string;
  readonly speed?: string;
  readonly replayAnchor?: string;
  readonly wallClock?: boolean;
}

/** Most endpoints one host can give a port each (ports above 1024, with room to spare). */
const MAX_ENDPOINTS = 50_000;

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

const processIo: SimCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  waitForStop: waitForSignal,
};

function numberOption(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_INVALID',
      `--${name}: "${value}" must be a number in [${min}, ${max}]`,
    );
  }
  return parsed;
}

export function registerSimCommands(program: Command, io: SimCommandIo = processIo): void {
  program
    .command('sim')
    .description(
      'run emulated miners and GPU nodes for a fleet file on this machine, each on its own port and ' +
        'speaking its firmware protocol; prints the endpoints per site as JSON and runs until Ctrl-C',
    )
    .requiredOption('--fleet <file>', 'fleet file (YAML or JSON)')
    .option('--scale <share>', 'share of each miner and GPU group to emulate (at least 1 per group)', '0.01')
    .option('--site <ids...>', 'only these sites (default: all)')
    .option('--time-scale <x>', 'multiplies firmware delays (sleep 5-15 s, wake 30-60 s, retune)', '1')
    .option('--out <file>', 'also write the endpoints JSON to this file')
    .option(
      '--data-dir <dir>',
      'market data directory for miner models (default $SWITCHYARD_DATA_DIR or ../shared/data)',
    )
    .option('--seed <n>', "seed of the emulators' random faults, noise and network losses", '1')
    .option('--host <address>', 'address the emulators listen on', '127.0.0.1')
    .option(
      '--whatsminer-api <v2|v3>',
      'Whatsminer API to serve: btminer 2.x (cgminer port) or API 3.x',
      'v2',
    )
    .option('--board-faults-per-hour <rate>', 'random hash-board faults per miner per hour', '0')
    .option('--network-timeout <p>', 'probability a request is never answered (client timeout)', '0')
    .option('--network-drop <p>', 'probability a connection is reset', '0')
    .option(
      '--feeds',
      "also serve fake market feeds (ERCOT, AESO, Coinbase, Kraken, Bitstamp, mempool.space, Bitcoin Core, Open-Meteo) in each provider's format; their environment for `switchyard server --live-feeds` is printed under `feeds`",
    )
    .option('--feeds-port <port>', 'port of the fake feeds (default any free port)', '0')
    .option('--replay-from <date>', 'the feeds serve the history from this UTC day', '2023-08-01')
    .option(
      '--speed <x>',
      'at this speed (give the server the same --replay-from, --speed and --replay-anchor)',
      '60',
    )
    .option('--replay-anchor <epoch-ms>', 'wall-clock instant the replay starts at (default now)')
    .option(
      '--wall-clock',
      'serve the history from --replay-from moved forward by whole weeks to today instead',
    )
    .action(async (options: SimCommandOptions) => {
      await runSim(options, io);
    });
}

/** Starts the emulators, prints their endpoints, waits for the stop signal, then closes them. */
export async function runSim(options: SimCommandOptions, io: SimCommandIo = processIo): Promise<void> {
  const scale = numberOption('scale', options.scale, 0, 1);
  if (scale === 0) throw new SwitchyardError('SY_ERR_CONFIG_INVALID', '--scale: must be greater than 0');
  const timeScale = numberOption('time-scale', options.timeScale, 0, 1e6);
  const seed = numberOption('seed', options.seed, 0, 2 ** 32 - 1);
  const faults = numberOption('board-faults-per-hour', options.boardFaultsPerHour, 0, 1e6);
  const timeoutProbability = numberOption('network-timeout', options.networkTimeout, 0, 1);
  const dropProbability = numberOption('network-drop', options.networkDrop, 0, 1);
  if (options.whatsminerApi !== 'v2' && options.whatsminerApi !== 'v3') {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_INVALID',
      `--whatsminer-api: "${options.whatsminerApi}" must be v2 or v3`,
    );
  }
  const fleet = loadFleetFile(options.fleet);
  const sites = options.site?.length
    ? fleet.sites.filter((site) => options.site!.includes(site.id))
    : fleet.sites;
  const endpoints = sites.reduce(
    (sum, site) =>
      sum +
      site.minerGroups.reduce((n, group) => n + scaledCount(group.count, scale), 0) +
      site.gpuNodes.reduce((n, group) => n + Math.ceil(scaledCount(group.count, scale) / 8), 0),
    0,
  );
  if (endpoints > MAX_ENDPOINTS) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG_INVALID',
      `--scale ${scale} asks for ${endpoints} emulated machines, more than the ${MAX_ENDPOINTS} ports one host ` +
        'can give them; lower --scale or pick sites with --site',
    );
  }
  const { models } = await readMinerModels(join(dataDirFromEnv(options.dataDir), DATA_PATHS.minerModels));
  const feeds = options.feeds
    ? await startFleetFakeFeeds({
        fleetFile: options.fleet,
        replayFromMs: parseDateOption('replay-from', options.replayFrom ?? '2023-08-01'),
        clock: options.wallClock
          ? 'wall'
          : {
              speed: numberOption('speed', options.speed ?? '60', 0.001, 1e6),
              anchorMs: options.replayAnchor
                ? numberOption('replay-anchor', options.replayAnchor, 0, 1e15)
                : Date.now(),
            },
        port: numberOption('feeds-port', options.feedsPort ?? '0', 0, 65_535),
        host: options.host,
        marketDataDir: options.dataDir,
      })
    : undefined;
  const sim = await startFleetSim(fleet, {
    minerModels: models,
    scale,
    siteIds: options.site,
    timeScale,
    seed,
    host: options.host,
    whatsminerApi: options.whatsminerApi,
    miner: { boardFaultsPerHour: faults, network: { timeoutProbability, dropProbability } },
  });
  try {
    const document = {
      fleet: options.fleet,
      startedAt: new Date().toISOString(),
      scale,
      timeScale,
      seed,
      ...sim.toJSON(),
      ...(feeds ? { feeds: { url: feeds.url, summary: feeds.summary, env: feeds.env() } } : {}),
    };
    const json = `${JSON.stringify(document, null, 2)}\n`;
    if (options.out) writeFileSync(options.out, json);
    io.stdout(json);
    const miners = sim.sites.reduce((n, site) => n + site.miners.length, 0);
    const nodes = sim.sites.reduce((n, site) => n + site.gpuNodes.length, 0);
    io.stderr(
      `sim: ${miners} emulated miner(s) and ${nodes} GPU node(s) at ${sim.sites.length} site(s) on ` +
        `${options.host}${options.out ? `, endpoints in ${options.out}` : ''}; Ctrl-C to stop\n`,
    );
    io.onStarted?.(sim);
    const reason = await io.waitForStop();
    io.stderr(`sim: ${reason}, stopping\n`);
  } finally {
    await sim.close();
    await feeds?.close();
  }
  io.stderr('sim: stopped\n');
}
