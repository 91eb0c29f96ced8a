import { MinerError } from '../errors/miner-error.ts';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { Endpoint, Timeouts } from '../transport/endpoint.ts';
import { HttpJsonTransport } from '../transport/http-json-transport.ts';
import type { Identification } from './identify-firmware.ts';
import { HTTP_PROBES } from './identify-http.ts';

export type HttpOutcome =
  | { readonly kind: 'identified'; readonly id: Identification; readonly evidence: string }
  | { readonly kind: 'unknown' };

/**
 * Asks each HTTP identification (`HTTP_PROBES`) on one port until one names the firmware. A reply that
 * is not JSON, or an error status, is logged and the next path asked; an unreachable or silent port
 * propagates from the first request (no point asking the others).
 */
export async function httpAttempt(
  endpoint: Endpoint,
  timeouts: Timeouts,
  log: (probe: string, outcome: string) => void,
): Promise<HttpOutcome> {
  const transport = new HttpJsonTransport(endpoint, timeouts);
  let answered = false;
  let firstError: MinerError | null = null;
  let responded = false;
  for (const probe of HTTP_PROBES) {
    const what = `${probe.method} ${probe.path}`;
    try {
      const response = await transport.request(probe.method, probe.path, probe.body);
      answered = true;
      responded = true;
      const id = probe.identify(response);
      if (id) {
        log(what, `HTTP ${response.status}: ${id.firmware}`);
        return { kind: 'identified', id, evidence: `${what} names ${id.firmware}` };
      }
      log(what, `HTTP ${response.status}, names no known firmware`);
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
      if (!answered && !(error instanceof MinerProtocolError)) throw error;
      answered = true;
      firstError ??= error;
      log(what, error.problem);
    }
  }
  // Nothing but garbage on every path: that is a malformed reply, not an unknown web server.
  if (!responded && firstError) throw firstError;
  return { kind: 'unknown' };
}
