import { SwitchyardError } from '../../../core/errors/index.ts';
import type { MinerErrorCode } from './miner-error-codes.ts';

/**
 * Base of every error the miner protocol library throws: a stable `code`, the miner it concerns and,
 * where the error wraps a lower-level one (a socket error, a JSON syntax error), that error as `cause`.
 */
export class MinerError extends SwitchyardError {
  declare readonly code: MinerErrorCode;
  /** `host:port` of the miner (or of the probed address). */
  readonly endpoint: string;
  /** The message without the endpoint prefix. */
  readonly problem: string;

  constructor(
    code: MinerErrorCode,
    endpoint: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(code, `${endpoint}: ${message}`, { endpoint, ...details }, options);
    this.name = 'MinerError';
    this.endpoint = endpoint;
    this.problem = message;
  }
}
