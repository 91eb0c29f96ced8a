import type { Clock } from '../../core/ports/clock.ts';
import { DEFAULT_VERIFY, type VerifyOptions } from './control/verify.ts';
import { builtInSpecs, type ModelSpecLookup } from './model-specs.ts';
import { DEFAULT_TIMEOUTS, type Endpoint, formatEndpoint, type Timeouts } from './transport/endpoint.ts';

/** Options every client takes. Only `host` is required. */
export interface MinerClientOptions {
  readonly host: string;
  /** Defaults to the dialect's port (4028, 4433 or 80). */
  readonly port?: number;
  readonly connectTimeoutMs?: number;
  readonly readTimeoutMs?: number;
  /** How control commands read the miner back. */
  readonly verify?: Partial<VerifyOptions>;
  /** Stamps `readAtMs`; wall time by default. */
  readonly clock?: Clock;
  /** Nameplate lookup for power estimates and Whatsminer limits; the built-in table by default. */
  readonly specs?: ModelSpecLookup;
  /** Overrides the power-target range the client derives, W. A bound left out keeps the derived one. */
  readonly powerRangeW?: { readonly min?: number | null; readonly max?: number | null };
}

export interface ResolvedOptions {
  readonly endpoint: Endpoint;
  readonly where: string;
  readonly timeouts: Timeouts;
  readonly verify: VerifyOptions;
  readonly clock: Clock;
  readonly specs: ModelSpecLookup;
  readonly powerRangeW: MinerClientOptions['powerRangeW'] | undefined;
}

const wallClock: Clock = { nowMs: () => Date.now() };

export function resolveOptions(options: MinerClientOptions, defaultPort: number): ResolvedOptions {
  const endpoint = { host: options.host, port: options.port ?? defaultPort };
  return {
    endpoint,
    where: formatEndpoint(endpoint),
    timeouts: {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectTimeoutMs,
      readTimeoutMs: options.readTimeoutMs ?? DEFAULT_TIMEOUTS.readTimeoutMs,
    },
    verify: { ...DEFAULT_VERIFY, ...options.verify },
    clock: options.clock ?? wallClock,
    specs: options.specs ?? builtInSpecs,
    powerRangeW: options.powerRangeW,
  };
}

/** Applies the `powerRangeW` override to a derived range. */
export function overrideRange(
  derived: { min: number | null; max: number | null; source: string | null },
  override: ResolvedOptions['powerRangeW'],
): { min: number | null; max: number | null; source: string | null } {
  if (!override) return derived;
  return {
    min: override.min !== undefined ? override.min : derived.min,
    max: override.max !== undefined ? override.max : derived.max,
    source: 'caller override',
  };
}
