import { MinerError } from './miner-error.ts';

/** Which step ran out of time: opening the connection or waiting for the (complete) reply. */
export type TimeoutPhase = 'connect' | 'read';

/** The miner did not connect, or did not finish its reply, within the configured time. */
export class MinerTimeoutError extends MinerError {
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;

  constructor(
    endpoint: string,
    phase: TimeoutPhase,
    timeoutMs: number,
    what: string,
    options?: ErrorOptions,
  ) {
    super(
      'SY_ERR_MINER_TIMEOUT',
      endpoint,
      `${phase === 'connect' ? 'no connection' : `no complete reply to ${what}`} within ${timeoutMs} ms`,
      { phase, timeoutMs, what },
      options,
    );
    this.name = 'MinerTimeoutError';
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}
