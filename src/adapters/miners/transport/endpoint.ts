/** Where a miner API listens, and the timeouts to use with it. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface Timeouts {
  /** ms to wait for the TCP connection. */
  readonly connectTimeoutMs: number;
  /** ms to wait, after connecting, for the complete reply. */
  readonly readTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectTimeoutMs: 3_000, readTimeoutMs: 10_000 };

/** `host:port`, with IPv6 hosts in brackets. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.host.includes(':')
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}
