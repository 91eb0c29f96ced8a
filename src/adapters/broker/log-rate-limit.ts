/** Lines one source may log per window; beyond that they are counted and summarised. */
export const LOG_LINES_PER_WINDOW = 5;
export const LOG_WINDOW_MS = 60_000;
/** Sources followed at once (the oldest is forgotten first). */
const MAX_SOURCES = 10_000;

/**
 * A per-source limit on log lines (a site agent, a broker client), so that one misbehaving or
 * hostile agent cannot fill the log: each source logs at most LOG_LINES_PER_WINDOW lines per
 * window; the first line of the next window says how many were suppressed. Counting in metrics is
 * not limited, only logging. Runs on a monotonic clock.
 */
export class LogRateLimit {
  readonly #sources = new Map<string, { sinceMs: number; logged: number; suppressed: number }>();

  constructor(private readonly monotonicMs: () => number = () => performance.now()) {}

  /** Whether `source` may log now, and how many of its lines were suppressed before this one. */
  allow(source: string): { readonly log: boolean; readonly suppressed: number } {
    const now = this.monotonicMs();
    let entry = this.#sources.get(source);
    let suppressed = 0;
    if (entry === undefined || now - entry.sinceMs >= LOG_WINDOW_MS) {
      suppressed = entry?.suppressed ?? 0;
      this.#sources.delete(source);
      if (this.#sources.size >= MAX_SOURCES) this.#sources.delete(this.#sources.keys().next().value!);
      entry = { sinceMs: now, logged: 0, suppressed: 0 };
      this.#sources.set(source, entry);
    }
    if (entry.logged >= LOG_LINES_PER_WINDOW) {
      entry.suppressed += 1;
      return { log: false, suppressed: 0 };
    }
    entry.logged += 1;
    return { log: true, suppressed };
  }
}
