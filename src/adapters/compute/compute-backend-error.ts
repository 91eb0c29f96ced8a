import { SwitchyardError } from '../../core/errors/index.ts';

/** A `SY_ERR_COMPUTE_BACKEND` error: the GPU nodes refused or failed something; the cause is kept. */
export function computeBackendError(
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_COMPUTE_BACKEND',
    message,
    details,
    cause === undefined ? undefined : { cause },
  );
}

/** The message of whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
