import type { MinerClientOptions } from '../client-options.ts';
import type { MinerDialect } from '../miner-reading.ts';

/**
 * Default ports: the cgminer-style API, Whatsminer API 3.x, the web/REST/GraphQL interface, and
 * Braiins OS's public gRPC API.
 */
export const DEFAULT_PORTS = { cgminer: 4028, whatsminerV3: 4433, http: 80, grpc: 50051 } as const;

export interface ProbeOptions extends Omit<MinerClientOptions, 'host' | 'port'> {
  /** Ports tried when `probeMiner` gets no port. `http` is also the web port (see `webPort`). */
  readonly ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  /**
   * The miner's web interface port (Braiins REST and GraphQL, VNish, Bitmain CGI, Bitaxe, ePIC): where
   * detection asks HTTP identifications and where web-driven clients go. Default `ports.http` (80).
   */
  readonly webPort?: number;
  /** Web/API user for whichever dialect is found (Bitmain CGI, Braiins, Whatsminer v3 account). */
  readonly username?: string;
  /** Its password (also the Whatsminer admin password and the VNish unlock password). */
  readonly password?: string;
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

/** One identification asked during detection, and what came of it. */
export interface DetectionAttempt {
  readonly port: number;
  readonly transport: 'cgminer' | 'length-prefixed' | 'http' | 'grpc';
  /** The command or `METHOD /path` asked. */
  readonly probe: string;
  readonly outcome: string;
}

/** What detection found: the dialect, where its API listens, and the reply that gave it away. */
export interface DetectedDialect {
  readonly dialect: MinerDialect;
  /** The port the dialect's client talks to. */
  readonly port: number;
  readonly evidence: string;
  /** The firmware as identified, for people. */
  readonly firmware: string;
  /** Every identification asked, in order, per port. */
  readonly attempts: readonly DetectionAttempt[];
}

export function formatAttempt(attempt: DetectionAttempt): string {
  return `${attempt.transport}@${attempt.port} ${attempt.probe}: ${attempt.outcome}`;
}
