import { MinerError } from './miner-error.ts';

/** The command is not available for this dialect, model or firmware. Thrown before anything is sent. */
export class UnsupportedCommandError extends MinerError {
  readonly command: string;

  constructor(endpoint: string, command: string, reason: string) {
    super('SY_ERR_MINER_UNSUPPORTED_COMMAND', endpoint, `cannot ${command}: ${reason}`, { command, reason });
    this.name = 'UnsupportedCommandError';
    this.command = command;
  }
}
