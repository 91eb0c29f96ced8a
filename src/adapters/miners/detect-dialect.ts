import { createMinerClient } from './create-miner-client.ts';
import { cgminerAttempt } from './detection/cgminer-attempt.ts';
import {
  DEFAULT_PORTS,
  type DetectedDialect,
  type DetectionAttempt,
  formatAttempt,
  type ProbeOptions,
} from './detection/detection-options.ts';
import { grpcAttempt } from './detection/grpc-attempt.ts';
import { httpAttempt } from './detection/http-attempt.ts';
import type { Identification } from './detection/identify-firmware.ts';
import { MinerError } from './errors/miner-error.ts';
import { MinerProtocolError } from './errors/miner-protocol-error.ts';
import { MinerTimeoutError } from './errors/miner-timeout-error.ts';
import { MinerUnreachableError } from './errors/miner-unreachable-error.ts';
import { UnknownDialectError } from './errors/unknown-dialect-error.ts';
import type { MinerClient } from './miner-client.ts';
import { asNumber, asText, at } from './reading/json-values.ts';
import { DEFAULT_TIMEOUTS, type Endpoint, formatEndpoint, type Timeouts } from './transport/endpoint.ts';
import { LengthPrefixedTransport } from './transport/length-prefixed-transport.ts';

export { createMinerClient } from './create-miner-client.ts';
export { dialectFromText, identifyCgminerText } from './detection/identify-firmware.ts';
export { DEFAULT_PORTS, type DetectedDialect, type DetectionAttempt, type ProbeOptions };

type Transport = DetectionAttempt['transport'];
interface Step {
  readonly transport: Transport;
  readonly port: number;
}

class Detection {
  readonly attempts: DetectionAttempt[] = [];
  readonly failures: MinerError[] = [];
  unsupported: { id: Identification; evidence: string } | null = null;

  constructor(
    readonly host: string,
    readonly timeouts: Timeouts,
    readonly webPort: number,
    readonly grpcPort: number,
  ) {}

  logger(transport: Transport, port: number) {
    return (probe: string, outcome: string) => this.attempts.push({ port, transport, probe, outcome });
  }

  endpoint(port: number): Endpoint {
    return { host: this.host, port };
  }

  found(dialect: DetectedDialect['dialect'], port: number, id: Identification, evidence: string) {
    return { dialect, port, evidence, firmware: id.firmware, attempts: this.attempts };
  }

  /**
   * BOSminer on 4028: Braiins OS with REST or GraphQL on the web port, else its public gRPC API, drives
   * better (power target); else its cgminer API.
   */
  async braiinsFamily(cgminerPort: number, id: Identification, evidence: string): Promise<DetectedDialect> {
    const web = await this.tryHttp(this.webPort);
    if (web && (web.id.dialect === 'braiins-os' || web.id.dialect === 'braiins-graphql')) {
      return this.found(web.id.dialect, this.webPort, web.id, `${evidence}; ${web.evidence}`);
    }
    const grpc = await this.tryGrpc(this.grpcPort);
    if (grpc) return this.found('braiins-grpc', this.grpcPort, grpc.id, `${evidence}; ${grpc.evidence}`);
    return this.found(
      'bosminer',
      cgminerPort,
      id,
      `${evidence}; no Braiins REST or GraphQL on ${this.webPort}, no gRPC on ${this.grpcPort}`,
    );
  }

  async tryGrpc(port: number): Promise<{ id: Identification; evidence: string } | null> {
    try {
      const outcome = await grpcAttempt(this.endpoint(port), this.timeouts, this.logger('grpc', port));
      return outcome.kind === 'identified' ? outcome : null;
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
      this.logger('grpc', port)('connect', error.problem);
      return null;
    }
  }

  /** VNish on 4028: its REST API on the web port when it answers, else the bmminer API read-only. */
  async vnish(cgminerPort: number, id: Identification, evidence: string): Promise<DetectedDialect> {
    const web = await this.tryHttp(this.webPort);
    if (web?.id.dialect === 'vnish')
      return this.found('vnish', this.webPort, web.id, `${evidence}; ${web.evidence}`);
    return this.found(
      'antminer-aftermarket',
      cgminerPort,
      id,
      `${evidence}; no VNish REST API on ${this.webPort}`,
    );
  }

  async tryHttp(port: number): Promise<{ id: Identification; evidence: string } | null> {
    try {
      const outcome = await httpAttempt(this.endpoint(port), this.timeouts, this.logger('http', port));
      return outcome.kind === 'identified' ? outcome : null;
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
      this.logger('http', port)('connect', error.problem);
      return null;
    }
  }

  async step(step: Step, plan: Step[]): Promise<DetectedDialect | null> {
    const log = this.logger(step.transport, step.port);
    if (step.transport === 'length-prefixed') {
      const { body } = await new LengthPrefixedTransport(this.endpoint(step.port), this.timeouts).exchange(
        { cmd: 'get.device.info' },
        'get.device.info',
      );
      const api = asText(at(body, 'msg', 'system', 'api'));
      if (asNumber(body.code) === 0 && (api || at(body, 'msg', 'miner'))) {
        log('get.device.info', `Whatsminer API ${api ?? '3.x'}`);
        const id = { dialect: 'whatsminer-v3' as const, firmware: `Whatsminer API ${api ?? '3.x'}` };
        return this.found('whatsminer-v3', step.port, id, `get.device.info api ${api ?? '?'}`);
      }
      log('get.device.info', 'length-prefixed JSON without a Whatsminer device block');
      return null;
    }
    if (step.transport === 'grpc') {
      const outcome = await grpcAttempt(this.endpoint(step.port), this.timeouts, log);
      if (outcome.kind === 'unknown') return null;
      return this.found('braiins-grpc', step.port, outcome.id, outcome.evidence);
    }
    if (step.transport === 'http') {
      const outcome = await httpAttempt(this.endpoint(step.port), this.timeouts, log);
      if (outcome.kind === 'unknown') return null;
      if (outcome.id.dialect === null) {
        this.unsupported ??= outcome;
        return null;
      }
      return this.found(outcome.id.dialect, step.port, outcome.id, outcome.evidence);
    }
    const outcome = await cgminerAttempt(this.endpoint(step.port), this.timeouts, log);
    if (outcome.kind === 'http') {
      // An HTTP server on the cgminer port (ePIC PowerPlay serves HTTP on 4028): ask it as HTTP next.
      plan.unshift({ transport: 'http', port: step.port });
      return null;
    }
    if (outcome.kind === 'unknown') return null;
    const { id, evidence } = outcome;
    if (id.dialect === null) {
      this.unsupported ??= outcome;
      return null;
    }
    if (id.dialect === 'bosminer') return this.braiinsFamily(step.port, id, evidence);
    if (id.dialect === 'vnish') return this.vnish(step.port, id, evidence);
    return this.found(id.dialect, step.port, id, evidence);
  }
}

function planFor(
  port: number | undefined,
  ports: Record<keyof typeof DEFAULT_PORTS, number>,
  webPort: number,
): Step[] {
  if (port === undefined) {
    return [
      { transport: 'cgminer', port: ports.cgminer },
      { transport: 'length-prefixed', port: ports.whatsminerV3 },
      { transport: 'http', port: webPort },
      { transport: 'grpc', port: ports.grpc },
    ];
  }
  const order: Transport[] =
    port === ports.whatsminerV3
      ? ['length-prefixed', 'cgminer', 'http']
      : port === ports.grpc
        ? ['grpc', 'http', 'cgminer', 'length-prefixed']
        : [80, 443, 8080, ports.http, webPort].includes(port)
          ? ['http', 'cgminer', 'length-prefixed', 'grpc']
          : ['cgminer', 'http', 'length-prefixed', 'grpc'];
  return order.map((transport) => ({ transport, port }));
}

/**
 * Finds which API dialect answers at `host` (and `port`, if given). Per port it asks every
 * identification the firmwares give: cgminer-style `version`, `get_version`, `summary` (Description),
 * `devdetails`, `stats`; Whatsminer API 3 `get.device.info`; HTTP version/info paths and banners (Braiins
 * REST and GraphQL, VNish, Bitaxe, ePIC, Bitmain CGI); Braiins gRPC `GetApiVersion`. An HTTP server
 * answering the cgminer port is asked as HTTP. Without a port: 4028, 4433, the web port, then 50051
 * (gRPC); with one, every transport there (gRPC first on 50051, else last).
 * Every attempt is kept (`attempts`). Throws `UnknownDialectError` when something answered but named no
 * supported firmware (naming an unsupported one when it did), else the most telling transport error.
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
  const webPort = options.webPort ?? ports.http;
  const detection = new Detection(host, timeouts, webPort, ports.grpc);
  const plan = planFor(port, ports, webPort);
  const done = new Set<string>();
  let answered = false;
  while (plan.length > 0) {
    const step = plan.shift()!;
    const key = `${step.transport}@${step.port}`;
    if (done.has(key)) continue;
    done.add(key);
    try {
      const found = await detection.step(step, plan);
      if (found) return found;
      answered = true;
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
      detection.failures.push(error);
      detection.logger(step.transport, step.port)('connect', `${error.code}: ${error.problem}`);
      // A cgminer port that accepts but stays silent may be an HTTP server waiting for headers.
      if (step.transport === 'cgminer' && error instanceof MinerTimeoutError) {
        plan.unshift({ transport: 'http', port: step.port });
      }
    }
  }
  const where = formatEndpoint({ host, port: port ?? ports.cgminer });
  const lines = detection.attempts.map(formatAttempt);
  if (detection.unsupported) {
    throw new UnknownDialectError(where, lines, { unsupportedFirmware: detection.unsupported.id.firmware });
  }
  const failures = detection.failures;
  if (answered) throw new UnknownDialectError(where, lines);
  throw (
    failures.find((error) => error instanceof MinerProtocolError) ??
    failures.find((error) => error instanceof MinerTimeoutError) ??
    failures.find((error) => error instanceof MinerUnreachableError) ??
    failures[0] ??
    new UnknownDialectError(where, lines)
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
