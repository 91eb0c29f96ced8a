/** Where a tick writes: the database, the broker, the compute backend. */
export type TickWriter = 'storage' | 'broker' | 'compute';

/** An output a tick could not write. */
export interface FailedWrite {
  readonly writer: TickWriter;
  /** What the output belongs to (a site or lease id). */
  readonly subject: string;
  readonly output: string;
  readonly error: string;
}

/**
 * A tick's write phase: every output is attempted, a failed writer is recorded (and logged) and
 * the other outputs are still written.
 */
export class TickWrites {
  readonly failed: FailedWrite[] = [];

  constructor(private readonly log: { warn(details: object, message: string): void }) {}

  /** Runs one write; undefined (and recorded) when it fails. */
  async attempt<T>(
    writer: TickWriter,
    subject: string,
    output: string,
    write: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      const message = (error as Error).message;
      this.failed.push({ writer, subject, output, error: message });
      this.log.warn(
        { writer, subject, output, err: error },
        `${output} of ${subject} not written (${writer})`,
      );
      return undefined;
    }
  }
}
