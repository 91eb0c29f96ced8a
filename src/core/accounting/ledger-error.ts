/**
 * A posting the ledger refused. Code `SY_ERR_LEDGER_REJECTED` (not yet in the error catalogue:
 * `core/errors/error-codes.ts` and `docs/errors.md` need the entry before this extends SwitchyardError).
 */
export class LedgerError extends Error {
  readonly code = 'SY_ERR_LEDGER_REJECTED';
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'LedgerError';
    this.details = details;
  }
}
