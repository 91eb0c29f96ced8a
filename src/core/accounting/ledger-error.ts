import { SwitchyardError } from '../errors/index.ts';

/** A posting the ledger refused (SY_ERR_LEDGER_REJECTED); the message names the posting. */
export class LedgerError extends SwitchyardError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('SY_ERR_LEDGER_REJECTED', message, details);
    this.name = 'LedgerError';
  }
}
