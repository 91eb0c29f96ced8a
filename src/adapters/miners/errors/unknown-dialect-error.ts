import { MinerError } from './miner-error.ts';

/** Something answered at the address, but no dialect this library speaks recognised the replies. */
export class UnknownDialectError extends MinerError {
  /** What each attempt saw, e.g. `cgminer:4028: reply without VERSION`. */
  readonly attempts: readonly string[];

  constructor(endpoint: string, attempts: readonly string[], options?: ErrorOptions) {
    super(
      'SY_ERR_MINER_UNKNOWN_DIALECT',
      endpoint,
      `no known miner API dialect answered (${attempts.join('; ')})`,
      { attempts },
      options,
    );
    this.name = 'UnknownDialectError';
    this.attempts = attempts;
  }
}
