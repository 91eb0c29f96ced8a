import { MinerError } from './miner-error.ts';

/** The connection was refused, reset or could not be routed (ECONNREFUSED, EHOSTUNREACH, ENOTFOUND...). */
export class MinerUnreachableError extends MinerError {
  /** The socket error code, e.g. `ECONNREFUSED`, when there was one. */
  readonly socketCode: string | null;

  constructor(endpoint: string, socketCode: string | null, options?: ErrorOptions) {
    super(
      'SY_ERR_MINER_UNREACHABLE',
      endpoint,
      `unreachable${socketCode ? ` (${socketCode})` : ''}`,
      { socketCode },
      options,
    );
    this.name = 'MinerUnreachableError';
    this.socketCode = socketCode;
  }
}
