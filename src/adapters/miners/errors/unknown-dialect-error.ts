import { MinerError } from './miner-error.ts';

/**
 * Something answered at the address, but no dialect this library speaks recognised the replies; or
 * the replies named a firmware this library has no client for (`unsupportedFirmware`, e.g. Bitaxe
 * AxeOS), which the message then names.
 */
export class UnknownDialectError extends MinerError {
  /** What each attempt saw, e.g. `cgminer@4028 version: names no known firmware`. */
  readonly attempts: readonly string[];
  /** The firmware the replies named when it is one this library does not support; else `null`. */
  readonly unsupportedFirmware: string | null;

  constructor(
    endpoint: string,
    attempts: readonly string[],
    options?: ErrorOptions & { readonly unsupportedFirmware?: string },
  ) {
    const unsupported = options?.unsupportedFirmware ?? null;
    super(
      'SY_ERR_MINER_UNKNOWN_DIALECT',
      endpoint,
      unsupported
        ? `${unsupported} answered: not supported by this library (${attempts.join('; ')})`
        : `no known miner API dialect answered (${attempts.join('; ')})`,
      { attempts, unsupportedFirmware: unsupported },
      options,
    );
    this.name = 'UnknownDialectError';
    this.attempts = attempts;
    this.unsupportedFirmware = unsupported;
  }
}
