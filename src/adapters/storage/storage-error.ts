import { SwitchyardError } from '../../core/errors/index.ts';

/** SQLSTATE classes and codes (and Node socket errors) meaning "the database cannot be reached". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01']);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
/** Unique violation, serialization failure, deadlock: another writer got there first. */
const CONFLICT_SQLSTATES = new Set(['23505', '40001', '40P01']);

/**
 * Converts an error from `pg` or PGlite into a SwitchyardError, keeping the original as `cause`:
 * unreachable database -> SY_ERR_STORAGE_UNAVAILABLE, unique/serialization clashes ->
 * SY_ERR_STORAGE_CONFLICT, a value a column cannot hold (SQLSTATE class 22) -> SY_ERR_REQUEST_INVALID,
 * another constraint (class 23) -> SY_ERR_REQUEST_CONSTRAINT, anything else (a bad statement) ->
 * SY_ERR_INTERNAL. A SwitchyardError
 * is returned as it is.
 */
export function toStorageError(error: unknown, what: string): SwitchyardError {
  if (error instanceof SwitchyardError) return error;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const details = code === undefined ? {} : { sqlState: code };
  if (
    code !== undefined &&
    (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))
  ) {
    return new SwitchyardError(
      'SY_ERR_STORAGE_UNAVAILABLE',
      `database unavailable (${what}): ${message}`,
      details,
      {
        cause: error,
      },
    );
  }
  if (isConnectionLoss(message)) {
    return new SwitchyardError(
      'SY_ERR_STORAGE_UNAVAILABLE',
      `database unavailable (${what}): ${message}`,
      details,
      {
        cause: error,
      },
    );
  }
  if (code?.startsWith('22')) {
    // Data exception: a value the column cannot hold (out of range, NUL, bad text for a number).
    return new SwitchyardError(
      'SY_ERR_REQUEST_INVALID',
      `a value cannot be stored (${what}): ${message}`,
      { ...details, reason: message },
      { cause: error },
    );
  }
  if (code?.startsWith('23') && !CONFLICT_SQLSTATES.has(code)) {
    // Integrity constraint (CHECK, NOT NULL, foreign key): the second line behind the edge checks.
    return new SwitchyardError(
      'SY_ERR_REQUEST_CONSTRAINT',
      `the change breaks a stored-data rule (${what}): ${message}`,
      { ...details, reason: message },
      { cause: error },
    );
  }
  if (code !== undefined && CONFLICT_SQLSTATES.has(code)) {
    return new SwitchyardError('SY_ERR_STORAGE_CONFLICT', `storage conflict (${what}): ${message}`, details, {
      cause: error,
    });
  }
  return new SwitchyardError('SY_ERR_INTERNAL', `storage failure (${what}): ${message}`, details, {
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** `pg` reports a dropped or closed connection without a code. */
function isConnectionLoss(message: string): boolean {
  return /Connection terminated|Client has encountered a connection error|Cannot use a pool after calling end|PGlite is clos/i.test(
    message,
  );
}
