import {
  AntminerStockClient,
  createMinerClient,
  type MinerClient,
  type MinerClientOptions,
  type ProbeOptions,
} from '../adapters/miners/index.ts';

/** Read-backs of a quick client's commands: one, at once. */
export const QUICK_VERIFY = { attempts: 1, intervalMs: 0 } as const;

/**
 * A second client for the miner `client` talks to (same dialect, address, ports and credentials in
 * `options`) whose commands read the miner back once, at once, instead of waiting for it to show the
 * change: the emergency curtailment sends every sleep this way and reads back later itself.
 */
export function quickClientOf(
  client: MinerClient,
  options: ProbeOptions & Omit<MinerClientOptions, 'host'>,
): MinerClient {
  const { host, port } = splitEndpoint(client.endpoint);
  const webPort = client instanceof AntminerStockClient ? splitEndpoint(client.webEndpoint).port : undefined;
  return createMinerClient(client.dialect, {
    ...options,
    host,
    port,
    ...(webPort === undefined ? {} : { antminerWebPort: webPort }),
    verify: QUICK_VERIFY,
  });
}

/** `host:port` (an IPv6 host in brackets) -> its parts. */
export function splitEndpoint(endpoint: string): { host: string; port: number } {
  const at = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(endpoint.slice(at + 1)) };
}
