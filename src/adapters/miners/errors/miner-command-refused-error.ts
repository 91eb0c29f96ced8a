import { MinerError } from './miner-error.ts';

/** The miner answered and said no: an error status, "Invalid command", bad credentials, HTTP 4xx/5xx. */
export class MinerCommandRefusedError extends MinerError {
  readonly command: string;
  /** The miner's own status code (cgminer `Code`, btminer `code`, HTTP status), when it gave one. */
  readonly minerCode: number | null;
  /** The miner's own message. */
  readonly minerMessage: string;

  constructor(
    endpoint: string,
    command: string,
    minerCode: number | null,
    minerMessage: string,
    options?: ErrorOptions,
  ) {
    super(
      'SY_ERR_MINER_COMMAND_REFUSED',
      endpoint,
      `refused ${command}: ${minerMessage}${minerCode !== null ? ` (code ${minerCode})` : ''}`,
      { command, minerCode, minerMessage },
      options,
    );
    this.name = 'MinerCommandRefusedError';
    this.command = command;
    this.minerCode = minerCode;
    this.minerMessage = minerMessage;
  }

  /** cgminer answers code 14 "Invalid command" to commands it does not know (and old firmware to "a+b"). */
  get isInvalidCommand(): boolean {
    return this.minerCode === 14 || /invalid command/i.test(this.minerMessage);
  }
}
