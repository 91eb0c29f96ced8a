import { join } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import {
  type BrokerClient,
  type BrokerConnectOptions,
  connectBroker,
  MqttBrokerClient,
} from '../adapters/broker/index.ts';
import { systemClock } from '../adapters/clock/replay-clock.ts';
import { HttpGpuNodeAccess } from '../adapters/compute/http-gpu-node-access.ts';
import { ModbusSiteMeter } from '../adapters/meter/modbus-site-meter.ts';
import { METER_MODELS, SDM630 } from '../adapters/meter/register-map.ts';
import {
  type AgentLog,
  agentClientId,
  agentConfig,
  agentStatusWill,
  brokerLoginFromKey,
  ClientMinerFleet,
  type FallbackRule,
  type GpuNodeAccess,
  parseMinerTargets,
  quickClientOf,
  resolveMiners,
  SiteAgent,
  TelemetryBuffer,
} from '../agent/index.ts';
import { ConfigError, SwitchyardError } from '../core/errors/index.ts';
import type { Clock } from '../core/ports/clock.ts';
import { logDestination } from '../server/pretty-log.ts';
import { waitForSignal } from './wait-for-signal.ts';

export interface AgentCommandOptions {
  site: string;
  broker: string;
  key?: string;
  miners: string;
  gpus?: string;
  /** Site revenue meter over Modbus TCP: host[:port][/unit], read every poll. */
  meter?: string;
  /** Register map of the meter: a known model (default eastron-sdm630). */
  meterModel?: string;
  pollSeconds: string;
  bufferDir?: string;
  bufferMb: string;
  fallback: string;
  hashprice?: string;
  localPrice?: string;
  poolFee: string;
  pue: string;
  waveSize: string;
  waveSeconds: string;
  probeTimeoutMs: string;
}

export interface AgentCommandDeps {
  /**
   * GPU node access for `--gpus`; by default the nodes' HTTP node agents (HttpGpuNodeAccess).
   */
  readonly gpuAccess?: (nodeIds: readonly string[]) => GpuNodeAccess;
  /** The agent's clock (default wall time); the demo passes the server's replay clock. */
  readonly clock?: Clock;
}

/** `switchyard agent`: the site agent, driving one site's miners (and GPU nodes) from the control plane's setpoints. */
export function registerAgentCommand(program: Command, deps: AgentCommandDeps = {}): void {
  program
    .command('agent')
    .description(
      'run the site agent: poll the miners, send telemetry (buffered on disk while the broker is down), ' +
        'apply setpoints, fall back to a local rule when no live setpoint is held',
    )
    .requiredOption('--site <id>', 'site id, as in the fleet file')
    .requiredOption('--broker <url>', 'MQTT broker, e.g. mqtt://control-plane:1884')
    .option('--key <key>', 'agent API key sy_<id>_<secret> (default $SWITCHYARD_AGENT_KEY)')
    .requiredOption(
      '--miners <list>',
      'comma-separated host[:port][/dialect] and IPv4 CIDR ranges to scan, e.g. 10.0.0.0/28,10.0.1.7/luxos',
    )
    .option(
      '--gpus <list>',
      'GPU node agents as comma-separated id=http://host:port (GET /v1/node, PUT /v1/power-limit)',
    )
    .option(
      '--meter <host:port/unit>',
      'site revenue meter over Modbus TCP, read every poll (e.g. 10.0.0.2:502/1)',
    )
    .option(
      '--meter-model <model>',
      `meter register map: ${Object.keys(METER_MODELS).join(', ')}`,
      SDM630.model,
    )
    .option('--poll-seconds <s>', 'seconds between polls', '60')
    .option(
      '--buffer-dir <dir>',
      'telemetry buffer directory (default $SWITCHYARD_HOME/agent-<site>/telemetry)',
    )
    .option('--buffer-mb <mb>', 'most telemetry kept on disk while the broker is down, MiB', '512')
    .option('--fallback <rule>', 'without a live setpoint: sleep-all | hold-last | breakeven', 'hold-last')
    .option('--hashprice <usd>', 'breakeven fallback: hashprice, USD per TH/s per day')
    .option('--local-price <usd>', 'breakeven fallback: local power price, USD/MWh')
    .option('--pool-fee <percent>', 'breakeven fallback: pool fee, percent', '2')
    .option('--pue <ratio>', 'breakeven fallback: facility power / IT power', '1.05')
    .option('--wave-size <n>', 'wakes and power-target raises per wave', '20')
    .option('--wave-seconds <s>', 'seconds between command waves', '10')
    .option('--probe-timeout-ms <ms>', 'connect timeout when probing and talking to miners', '1500')
    .action(async (options: AgentCommandOptions) => {
      const running = await runAgent(options, deps);
      await waitForSignal();
      await running.close();
    });
}

export interface RunningAgent {
  readonly agent: SiteAgent;
  /** Stops the agent (publishing `{online:false}`), then closes the broker and the buffer. */
  close(): Promise<void>;
}

/** Checks the options, finds the miners, connects (or starts offline) and starts polling. */
export async function runAgent(
  options: AgentCommandOptions,
  deps: AgentCommandDeps = {},
): Promise<RunningAgent> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, logDestination());
  const log: AgentLog = {
    info: (obj, msg) => logger.info(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg),
  };
  const config = agentConfig(
    {
      siteId: options.site,
      pollIntervalMs: Math.round(number('poll-seconds', options.pollSeconds, 1) * 1000),
      waveSize: Math.round(number('wave-size', options.waveSize, 1)),
      waveSpacingMs: Math.round(number('wave-seconds', options.waveSeconds, 0) * 1000),
      fallback: {
        rule: options.fallback as FallbackRule,
        ...(options.fallback === 'breakeven'
          ? {
              breakeven: {
                hashpriceUsdPerThDay: number('hashprice', required('hashprice', options.hashprice), 0),
                localPriceUsdPerMwh: number('local-price', required('local-price', options.localPrice), 0),
                poolFeePercent: number('pool-fee', options.poolFee, 0),
                pue: number('pue', options.pue, 1),
              },
            }
          : {}),
      },
    },
    'agent options',
  );
  const key = options.key ?? process.env.SWITCHYARD_AGENT_KEY;
  if (key === undefined || key === '') {
    throw new ConfigError('agent options', [
      { path: '--key', message: 'is required (or set SWITCHYARD_AGENT_KEY)' },
    ]);
  }
  const login = brokerLoginFromKey(key);
  const gpuIds = (options.gpus ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const gpus =
    gpuIds.length === 0
      ? undefined
      : deps.gpuAccess !== undefined
        ? deps.gpuAccess(gpuIds)
        : HttpGpuNodeAccess.fromList(options.gpus ?? '');

  const probeTimeoutMs = Math.round(number('probe-timeout-ms', options.probeTimeoutMs, 1));
  const meter =
    options.meter === undefined
      ? undefined
      : siteMeterFromOption(options.meter, options.meterModel, probeTimeoutMs, deps.clock ?? systemClock);
  const targets = parseMinerTargets(options.miners);
  const clientOptions = { connectTimeoutMs: probeTimeoutMs };
  const found = await resolveMiners(targets, { clientOptions, log });
  if (found.clients.length === 0) {
    throw new SwitchyardError('SY_ERR_CONFIG_INVALID', `no miner answered at ${options.miners}`, {
      missing: found.missing,
      scanned: found.scanned,
    });
  }
  log.info(
    { miners: found.clients.length, missing: found.missing.length, scanned: found.scanned },
    'miners found',
  );

  const bufferDir =
    options.bufferDir ??
    join(process.env.SWITCHYARD_HOME ?? '.switchyard', `agent-${config.siteId}`, 'telemetry');
  const buffer = await TelemetryBuffer.open({
    dir: bufferDir,
    maxBytes: Math.round(number('buffer-mb', options.bufferMb, 1) * 1024 * 1024),
    log,
  });
  const broker = await connectOrStartOffline(
    {
      url: options.broker,
      ...login,
      clientId: agentClientId(config.siteId),
      will: agentStatusWill(config.siteId),
      log,
    },
    log,
  );
  const agent = new SiteAgent({
    config,
    miners: new ClientMinerFleet(found.clients, {
      quickClient: (client) => quickClientOf(client, clientOptions),
    }),
    ...(gpus === undefined ? {} : { gpus }),
    ...(meter === undefined ? {} : { meter }),
    broker,
    clock: deps.clock ?? systemClock,
    buffer,
    log,
  });
  await agent.start();
  agent.startPolling();
  log.info({ siteId: config.siteId, broker: options.broker, bufferDir }, 'site agent running');
  return {
    agent,
    async close() {
      await agent.stop();
      await meter?.close();
      await broker.close();
      await buffer.close();
    },
  };
}

/**
 * The agent must run (and keep its miners safe) even when the broker is unreachable at startup:
 * then the client keeps trying in the background. Refused credentials stay fatal.
 */
async function connectOrStartOffline(options: BrokerConnectOptions, log: AgentLog): Promise<BrokerClient> {
  try {
    return await connectBroker(options);
  } catch (error) {
    if (!(error instanceof SwitchyardError) || error.code !== 'SY_ERR_BROKER_UNAVAILABLE') throw error;
    log.warn({ err: error.message }, 'broker unreachable at startup; starting offline and retrying');
    return new MqttBrokerClient(options);
  }
}

/** `host[:port][/unit]` and a meter model name as a ModbusSiteMeter, checked once here. */
function siteMeterFromOption(
  text: string,
  model: string | undefined,
  timeoutMs: number,
  clock: Clock,
): ModbusSiteMeter {
  const match = /^([^:/\s]+)(?::(\d{1,5}))?(?:\/(\d{1,3}))?$/.exec(text.trim());
  const map = METER_MODELS[model ?? SDM630.model];
  if (!match || !map)
    throw new ConfigError('agent options', [
      !match
        ? { path: '--meter', message: `"${text}" is not host[:port][/unit]` }
        : {
            path: '--meter-model',
            message: `"${model}" is not one of ${Object.keys(METER_MODELS).join(', ')}`,
          },
    ]);
  return new ModbusSiteMeter({
    host: match[1]!,
    port: match[2] ? Number(match[2]) : 502,
    unitId: match[3] ? Number(match[3]) : 1,
    timeoutMs,
    map,
    now: () => clock.nowMs(),
  });
}

function number(name: string, value: string, min: number): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min) {
    throw new ConfigError('agent options', [
      { path: `--${name}`, message: `"${value}" must be a number >= ${min}` },
    ]);
  }
  return parsed;
}

function required(name: string, value: string | undefined): string {
  if (value === undefined) {
    throw new ConfigError('agent options', [
      { path: `--${name}`, message: 'is required with --fallback breakeven' },
    ]);
  }
  return value;
}
