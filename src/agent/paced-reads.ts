import { mapLimit } from './map-limit.ts';

/** Real time for pacing (monotonic), and a pause. */
export interface Pacer {
  /** Monotonic ms. */
  nowMs(): number;
  delay(ms: number): Promise<void>;
}

export const realPacer: Pacer = {
  nowMs: () => performance.now(),
  delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PacingOptions {
  /** Calls in flight at once. */
  readonly concurrency: number;
  /**
   * Spread the calls' starts evenly over this many ms (call i starts no earlier than
   * i x spreadMs / n after the first); 0 starts them as fast as `concurrency` allows.
   */
  readonly spreadMs: number;
  readonly pacer: Pacer;
}

/**
 * The poll scheduler's core: runs `work` over `items`, at most `concurrency` in flight, with the
 * starts spread evenly over `spreadMs` rather than in one burst, so a 10,000-miner site's reads
 * are a steady trickle across the poll period (a few sockets, buffers and parses at a time) and
 * not 10,000 connections at the top of each period. Results come back in the items' order.
 */
export async function pacedMapLimit<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  options: PacingOptions,
): Promise<R[]> {
  const spacingMs = items.length > 1 && options.spreadMs > 0 ? options.spreadMs / items.length : 0;
  if (spacingMs === 0) return mapLimit(items, options.concurrency, work);
  const { pacer } = options;
  const startMs = pacer.nowMs();
  return mapLimit(items, options.concurrency, async (item, index) => {
    const waitMs = startMs + index * spacingMs - pacer.nowMs();
    if (waitMs >= 1) await pacer.delay(waitMs);
    return work(item, index);
  });
}

/**
 * How long a poll's miner reads are spread over, ms: `share` of the poll period for a site with
 * more miners than `concurrency` (a burst would queue them anyway), none for a smaller site (its
 * reads all fit in one round).
 */
export function pollSpreadMs(
  miners: number,
  concurrency: number,
  pollIntervalMs: number,
  share: number,
): number {
  return miners > concurrency ? Math.max(0, share) * pollIntervalMs : 0;
}
