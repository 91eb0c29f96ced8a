import type { ErrorCode } from './error-codes.ts';

/** Base of every error Switchyard throws: a stable code, a message for people, optional details. */
export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SwitchyardError';
    this.code = code;
    this.details = details;
  }
}
