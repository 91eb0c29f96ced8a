/** A device did not answer within the agent's per-device budget. */
export class DeviceTimeoutError extends Error {
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.name = 'DeviceTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Settles like `promise`, or rejects with DeviceTimeoutError after `timeoutMs` (wall time: the
 * devices answer in real time whatever clock the agent runs on). The work behind `promise` is not
 * cancelled; its late result is ignored.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeviceTimeoutError(what, timeoutMs)), timeoutMs);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** A failure as one line for logs, acks and telemetry notes. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
