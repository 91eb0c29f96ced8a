import { AntminerStockClient } from './antminer/antminer-client.ts';
import { AvalonClient } from './avalon/avalon-client.ts';
import { BraiinsClient } from './braiins/braiins-client.ts';
import type { MinerClientOptions } from './client-options.ts';
import { MinerCommandRefusedError } from './errors/miner-command-refused-error.ts';
import { MinerError } from './errors/miner-error.ts';
import { MinerProtocolError } from './errors/miner-protocol-error.ts';
import { MinerTimeoutError } from './errors/miner-timeout-error.ts';
import { MinerUnreachableError } from './errors/miner-unreachable-error.ts';
import { UnknownDialectError } from './errors/unknown-dialect-error.ts';
import { LuxosClient } from './luxos/luxos-client.ts';
import type { MinerClient } from './miner-client.ts';
import type { MinerDialect } from './miner-reading.ts';
import { asNumber, asObject, asText, at } from './reading/json-values.ts';
import { CgminerTransport } from './transport/cgminer-transport.ts';
import { DEFAULT_TIMEOUTS, type Endpoint, formatEndpoint, type Timeouts } from './transport/endpoint.ts';
import { HttpJsonTransport } from './transport/http-json-transport.ts';
import { LengthPrefixedTransport } from './transport/length-prefixed-transport.ts';
import { WhatsminerV2Client } from './whatsminer-v2/whatsminer-v2-client.ts';
import { WhatsminerV3Client } from './whatsminer-v3/whatsminer-v3-client.ts';

/** Default ports of the three transports. */
export const DEFAULT_PORTS = { cgminer: 4028, whatsminerV3: 4433, http: 80 } as const;

export interface ProbeOptions extends Omit<MinerClientOptions, 'host' | 'port'> {
  /** Ports tried when `probeMiner` gets no port. */
  readonly ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  readonly whatsminerV2Password?: string;
  readonly whatsminerV3Account?: string;
  readonly whatsminerV3Password?: string;
  readonly braiinsUsername?: string;
  readonly braiinsPassword?: string;
  /** Stock Antminer web interface (sleep/wake): port (default 80), user and password (default root/root). */
  readonly antminerWebPort?: number;
  readonly antminerWebUser?: string;
  readonly antminerWebPassword?: string;
}

/** What detection found: the dialect, where its API listens, and the reply that gave it away. */
export interface DetectedDialect {
  readonly dialect: MinerDialect;
  readonly port: number;
  readonly evidence: string;
}

type Transport = keyof typeof DEFAULT_PORTS;
type Attempt = { found: DetectedDialect } | { unknown: string };

/** Names a cgminer-family firmware from any reply text (`version`, `devdetails`). */
export function dialectFromText(text: string): MinerDialect | null {
  const upper = text.toUpperCase();
  if (upper.includes('LUXMINER')) return 'luxos';
  if (upper.includes('BOSMINER') || upper.includes('BOSER')) return 'braiins-os';
  if (upper.includes('BTMINER') || upper.includes('BITMICRO')) return 'whatsminer-v2';
  if (upper.includes('AVALON') || upper.includes('CANAAN')) return 'avalon';
  if (upper.includes('ANTMINER') || upper.includes('BMMINER')) return 'antminer-stock';
  // Canaan's controller block in `stats`, for firmware that answers nothing else.
  if (upper.includes('"MM ID0')) return 'avalon';
  return null;
}

/**
 * Finds which API dialect answers at `host` (and `port`, if given): cgminer-style JSON (`version`,
 * then btminer's `get_version`, then `devdetails` and `stats`), Whatsminer API 3.x (`get.device.info`, length
 * prefixed), and Braiins OS REST (`GET /api/v1/version`). Without a port each is tried on its default
 * port; with a port all three are tried there, the likeliest first.
 * Throws `UnknownDialectError` when something answered but no dialect matched, else the most telling
 * transport error: `MinerProtocolError` (garbled), `MinerTimeoutError`, `MinerUnreachableError`.
 */
export async function detectDialect(
  host: string,
  port?: number,
  options: ProbeOptions = {},
): Promise<DetectedDialect> {
  const timeouts: Timeouts = {
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectTimeoutMs,
    readTimeoutMs: options.readTimeoutMs ?? DEFAULT_TIMEOUTS.readTimeoutMs,
  };
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const order: Transport[] =
    port === undefined
      ? ['cgminer', 'whatsminerV3', 'http']
      : port === ports.whatsminerV3
        ? ['whatsminerV3', 'cgminer', 'http']
        : [80, 443, 8080, ports.http].includes(port)
          ? ['http', 'cgminer', 'whatsminerV3']
          : ['cgminer', 'whatsminerV3', 'http'];
  const seen: string[] = [];
  const failures: MinerError[] = [];
  for (const transport of order) {
    const endpoint = { host, port: port ?? ports[transport] };
    try {
      const attempt = await ATTEMPTS[transport](endpoint, timeouts, ports.http);
      if ('found' in attempt) return attempt.found;
      seen.push(`${transport}@${endpoint.port}: ${attempt.unknown}`);
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
      failures.push(error);
      seen.push(`${transport}@${endpoint.port}: ${error.code}`);
    }
  }
  const where = formatEndpoint({ host, port: port ?? ports.cgminer });
  if (seen.length > failures.length) throw new UnknownDialectError(where, seen);
  throw (
    failures.find((error) => error instanceof MinerProtocolError) ??
    failures.find((error) => error instanceof MinerTimeoutError) ??
    failures.find((error) => error instanceof MinerUnreachableError) ??
    failures[0] ??
    new UnknownDialectError(where, seen)
  );
}

/** Detects the dialect and returns a client for it, configured with `options`. */
export async function probeMiner(
  host: string,
  port?: number,
  options: ProbeOptions = {},
): Promise<MinerClient> {
  const found = await detectDialect(host, port, options);
  return createMinerClient(found.dialect, { ...options, host, port: found.port });
}

/** A client for a known dialect. */
export function createMinerClient(
  dialect: MinerDialect,
  options: MinerClientOptions & ProbeOptions,
): MinerClient {
  switch (dialect) {
    case 'antminer-stock':
      return new AntminerStockClient({
        ...options,
        webPort: options.antminerWebPort,
        webUser: options.antminerWebUser,
        webPassword: options.antminerWebPassword,
      });
    case 'luxos':
      return new LuxosClient(options);
    case 'whatsminer-v2':
      return new WhatsminerV2Client({ ...options, password: options.whatsminerV2Password });
    case 'whatsminer-v3':
      return new WhatsminerV3Client({
        ...options,
        account: options.whatsminerV3Account,
        password: options.whatsminerV3Password,
      });
    case 'braiins-os':
      return new BraiinsClient({
        ...options,
        username: options.braiinsUsername,
        password: options.braiinsPassword,
      });
    case 'avalon':
      return new AvalonClient(options);
  }
}

const ATTEMPTS: Record<
  Transport,
  (endpoint: Endpoint, timeouts: Timeouts, httpPort: number) => Promise<Attempt>
> = {
  async cgminer(endpoint, timeouts, httpPort) {
    const transport = new CgminerTransport(endpoint, timeouts);
    const notes: string[] = [];
    for (const command of ['version', 'get_version', 'devdetails', 'stats']) {
      let body: Record<string, unknown>;
      try {
        body = (await transport.command(command)).body;
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError)) throw error;
        notes.push(`${command} refused`);
        continue;
      }
      if (command === 'get_version' && asText(asObject(body.Msg)?.api_ver)) {
        return found(
          'whatsminer-v2',
          endpoint.port,
          `get_version api_ver ${asText(asObject(body.Msg)?.api_ver)}`,
        );
      }
      const dialect = dialectFromText(JSON.stringify(body));
      if (dialect === 'braiins-os') {
        // BOSminer's cgminer-compatible API is read-only; its REST API is the one to drive.
        return found(dialect, httpPort, `${command} names BOSminer`);
      }
      if (dialect) return found(dialect, endpoint.port, `${command} names ${dialect}`);
      notes.push(`${command} names no known firmware`);
    }
    return { unknown: notes.join(', ') };
  },

  async whatsminerV3(endpoint, timeouts) {
    const { body } = await new LengthPrefixedTransport(endpoint, timeouts).exchange(
      { cmd: 'get.device.info' },
      'get.device.info',
    );
    const api = asText(at(body, 'msg', 'system', 'api'));
    if (asNumber(body.code) === 0 && (api || at(body, 'msg', 'miner'))) {
      return found('whatsminer-v3', endpoint.port, `get.device.info api ${api ?? '?'}`);
    }
    return { unknown: 'length-prefixed JSON without a Whatsminer device block' };
  },

  async http(endpoint, timeouts) {
    const response = await new HttpJsonTransport(endpoint, timeouts).request('GET', '/api/v1/version');
    if (response.status === 200 && asNumber(at(response.body, 'major')) !== null) {
      return found('braiins-os', endpoint.port, `GET /api/v1/version ${JSON.stringify(response.body)}`);
    }
    return { unknown: `GET /api/v1/version answered HTTP ${response.status}` };
  },
};

function found(dialect: MinerDialect, port: number, evidence: string): Attempt {
  return { found: { dialect, port, evidence } };
}
