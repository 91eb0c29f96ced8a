import {
  createMinerClient,
  MINER_DIALECTS as MINER_DIALECT_NAMES,
  type MinerClient,
  type MinerClientOptions,
  type MinerDialect,
  type ProbeOptions,
  probeMiner,
} from '../adapters/miners/index.ts';
import { ConfigError } from '../core/errors/index.ts';
import { type AgentLog, consoleAgentLog } from './agent-log.ts';
import { mapLimit } from './map-limit.ts';
import { describeError } from './with-timeout.ts';

/** The dialects a `/dialect` suffix may name. */
export const MINER_DIALECTS: readonly MinerDialect[] = MINER_DIALECT_NAMES;

/** One item of a `--miners` list: a miner, or an IPv4 range to scan. */
export type MinerTarget =
  | {
      readonly kind: 'host';
      readonly host: string;
      readonly port?: number;
      readonly dialect?: MinerDialect;
      /** Web-interface port (stock Antminer sleep/wake), from an `@port` suffix after the dialect. */
      readonly webPort?: number;
    }
  | { readonly kind: 'range'; readonly cidr: string; readonly hosts: readonly string[] };

/** Largest range a CIDR item may expand to. */
export const MAX_SCAN_HOSTS = 4_096;

const CIDR = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

/**
 * Parses a comma-separated `--miners` value: `host[:port][/dialect[@webPort]]` items (IPv6 in
 * brackets: `[fd00::5]:4028/luxos`; `@webPort` gives a stock Antminer's web-interface port when it
 * is not 80) and IPv4 CIDR ranges (`10.0.0.0/28`). Throws ConfigError listing every
 * bad item.
 */
export function parseMinerTargets(text: string): MinerTarget[] {
  const targets: MinerTarget[] = [];
  const issues: { path: string; message: string }[] = [];
  for (const [index, raw] of text.split(',').entries()) {
    const item = raw.trim();
    if (item === '') continue;
    try {
      targets.push(parseItem(item));
    } catch (error) {
      issues.push({ path: `miners[${index}] "${item}"`, message: (error as Error).message });
    }
  }
  if (issues.length === 0 && targets.length === 0) issues.push({ path: 'miners', message: 'names no miner' });
  if (issues.length > 0) throw new ConfigError('--miners', issues);
  return targets;
}

function parseItem(item: string): MinerTarget {
  const cidr = CIDR.exec(item);
  if (cidr !== null) return { kind: 'range', cidr: item, hosts: expandCidr(item) };
  let address = item;
  let dialect: MinerDialect | undefined;
  let webPort: number | undefined;
  const slash = item.lastIndexOf('/');
  if (slash !== -1) {
    let name = item.slice(slash + 1);
    const at = name.indexOf('@');
    if (at !== -1) {
      const portText = name.slice(at + 1);
      webPort = Number(portText);
      if (!/^\d+$/.test(portText) || webPort < 1 || webPort > 65_535)
        throw new Error(`bad web port "${portText}"`);
      name = name.slice(0, at);
    }
    if (!(MINER_DIALECTS as readonly string[]).includes(name)) {
      throw new Error(`unknown dialect "${name}" (one of ${MINER_DIALECTS.join(', ')})`);
    }
    dialect = name as MinerDialect;
    address = item.slice(0, slash);
  }
  const { host, port } = parseHostPort(address);
  return {
    kind: 'host',
    host,
    ...(port === undefined ? {} : { port }),
    ...(dialect ? { dialect } : {}),
    ...(webPort === undefined ? {} : { webPort }),
  };
}

function parseHostPort(address: string): { host: string; port?: number } {
  let host = address;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracketed !== null) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if ((address.match(/:/g) ?? []).length === 1) {
    [host, portText] = address.split(':') as [string, string];
  }
  if (host === '' || /[\s/]/.test(host)) throw new Error('is not host[:port][/dialect]');
  if (portText === undefined) return { host };
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65_535)
    throw new Error(`port "${portText}" is not 1-65535`);
  return { host, port };
}

/**
 * The host addresses of an IPv4 CIDR range: without the network and broadcast addresses for
 * prefixes up to /30, every address for /31 and /32. At most MAX_SCAN_HOSTS.
 */
export function expandCidr(cidr: string): string[] {
  const match = CIDR.exec(cidr);
  if (match === null) throw new Error('is not an IPv4 CIDR range');
  const octets = match[1]!.split('.').map(Number);
  const prefix = Number(match[2]);
  if (octets.some((octet) => octet > 255) || prefix > 32) throw new Error('is not an IPv4 CIDR range');
  const size = 2 ** (32 - prefix);
  const hosts = prefix >= 31 ? size : size - 2;
  if (hosts > MAX_SCAN_HOSTS)
    throw new Error(`covers ${hosts} hosts, more than ${MAX_SCAN_HOSTS} (split it)`);
  const base = octets.reduce((value, octet) => value * 256 + octet, 0);
  const network = base - (base % size);
  const first = prefix >= 31 ? network : network + 1;
  return Array.from({ length: hosts }, (_, i) => toDotted(first + i));
}

function toDotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export interface ResolveMinersOptions {
  /** Options of every client (and of each probe): timeouts, verify budget, credentials. */
  readonly clientOptions?: ProbeOptions;
  /** Probes in flight at once while scanning. Default 64. */
  readonly concurrency?: number;
  /** Detects a dialect and returns its client; probeMiner by default. */
  readonly probe?: (host: string, port: number | undefined, options: ProbeOptions) => Promise<MinerClient>;
  /** A client for a known dialect; createMinerClient by default. */
  readonly create?: (dialect: MinerDialect, options: MinerClientOptions & ProbeOptions) => MinerClient;
  readonly log?: AgentLog;
}

export interface ResolvedMiners {
  readonly clients: MinerClient[];
  /** Listed miners (not range addresses) that did not answer a probe, with why. */
  readonly missing: { readonly address: string; readonly error: string }[];
  /** Range addresses probed. */
  readonly scanned: number;
}

/**
 * Turns targets into MinerClients: a miner listed with its dialect gets its client without any
 * traffic; one listed without is probed (and reported missing when the probe fails); each range
 * address is probed concurrently and kept when a miner answers. Duplicates (same host:port) are
 * dropped.
 */
export async function resolveMiners(
  targets: readonly MinerTarget[],
  options: ResolveMinersOptions = {},
): Promise<ResolvedMiners> {
  const probe = options.probe ?? probeMiner;
  const create = options.create ?? createMinerClient;
  const clientOptions = options.clientOptions ?? {};
  const log = options.log ?? consoleAgentLog;
  const jobs: { address: string; listed: boolean; run: () => Promise<MinerClient> }[] = [];
  let scanned = 0;
  for (const target of targets) {
    if (target.kind === 'range') {
      scanned += target.hosts.length;
      for (const host of target.hosts) {
        jobs.push({ address: host, listed: false, run: () => probe(host, undefined, clientOptions) });
      }
    } else if (target.dialect !== undefined) {
      const dialect = target.dialect;
      const options = {
        ...clientOptions,
        host: target.host,
        ...(target.port === undefined ? {} : { port: target.port }),
        ...(target.webPort === undefined ? {} : { antminerWebPort: target.webPort }),
      };
      jobs.push({ address: target.host, listed: true, run: async () => create(dialect, options) });
    } else {
      jobs.push({
        address: target.host,
        listed: true,
        run: () => probe(target.host, target.port, clientOptions),
      });
    }
  }
  const results = await mapLimit(jobs, options.concurrency ?? 64, async (job) => {
    try {
      return { job, client: await job.run(), error: undefined };
    } catch (error) {
      return { job, client: undefined, error: describeError(error) };
    }
  });
  const clients = new Map<string, MinerClient>();
  const missing: { address: string; error: string }[] = [];
  for (const { job, client, error } of results) {
    if (client !== undefined) {
      if (!clients.has(client.endpoint)) clients.set(client.endpoint, client);
    } else if (job.listed) {
      missing.push({ address: job.address, error: error ?? 'no answer' });
      log.warn({ address: job.address, err: error }, 'listed miner did not answer the probe; left out');
    }
  }
  return { clients: [...clients.values()], missing, scanned };
}
