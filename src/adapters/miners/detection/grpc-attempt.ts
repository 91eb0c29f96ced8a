import { BOS_METHODS } from '../braiins-grpc/bos-v1-schema.ts';
import { GrpcTransport } from '../braiins-grpc/grpc-transport.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { asNumber } from '../reading/json-values.ts';
import type { Endpoint, Timeouts } from '../transport/endpoint.ts';
import type { Identification } from './identify-firmware.ts';

export type GrpcOutcome =
  | { readonly kind: 'identified'; readonly id: Identification; readonly evidence: string }
  | { readonly kind: 'unknown' };

/**
 * Asks `braiins.bos.ApiVersionService/GetApiVersion` (no login needed): a gRPC server that answers it
 * with a version is Braiins OS's public API. A gRPC server that does not know the method names nothing;
 * an unreachable port, a timeout or a reply that is not gRPC propagates.
 */
export async function grpcAttempt(
  endpoint: Endpoint,
  timeouts: Timeouts,
  log: (probe: string, outcome: string) => void,
): Promise<GrpcOutcome> {
  const transport = new GrpcTransport(endpoint, timeouts);
  const probe = 'GetApiVersion';
  try {
    const version = await transport.call(BOS_METHODS.apiVersion, {});
    const major = asNumber(version.major);
    if (major === null) {
      log(probe, 'gRPC answer without a version');
      return { kind: 'unknown' };
    }
    const text = `${major}.${asNumber(version.minor) ?? 0}.${asNumber(version.patch) ?? 0}`;
    const firmware = `Braiins OS public API ${text}`;
    log(probe, firmware);
    return {
      kind: 'identified',
      id: { dialect: 'braiins-grpc', firmware },
      evidence: `${probe} names ${firmware}`,
    };
  } catch (error) {
    if (error instanceof MinerCommandRefusedError) {
      log(probe, `gRPC server without the Braiins API: ${error.problem}`);
      return { kind: 'unknown' };
    }
    throw error;
  } finally {
    transport.close();
  }
}
