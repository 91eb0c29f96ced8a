/** The last value a feed delivered: which series, which interval, what, and when it became known. */
export interface FeedValue {
  readonly key: string;
  readonly atMs: number;
  readonly value: number;
  readonly knownAtMs: number;
}

/** Health of one feed, as the poller keeps it (API, /metrics, the dashboard's "Market feeds"). */
export interface FeedHealth {
  readonly feedId: string;
  readonly description: string;
  /** Longest time since the last success before the feed counts as stale, ms. */
  readonly maxAgeMs: number;
  readonly lastAttemptMs?: number;
  readonly lastSuccessMs?: number;
  readonly lastValue?: FeedValue;
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  /** Points stored by the last successful poll. */
  readonly lastPoints?: number;
}

export type PollOutcome =
  | { readonly ok: true; readonly atMs: number; readonly points: number; readonly lastValue?: FeedValue }
  | { readonly ok: false; readonly atMs: number; readonly error: string };

export function initialHealth(feedId: string, description: string, maxAgeMs: number): FeedHealth {
  return { feedId, description, maxAgeMs, consecutiveFailures: 0 };
}

/** The health after one poll (with its retries): a success resets the failure count. */
export function nextHealth(health: FeedHealth, outcome: PollOutcome): FeedHealth {
  if (outcome.ok) {
    return {
      ...health,
      lastAttemptMs: outcome.atMs,
      lastSuccessMs: outcome.atMs,
      lastValue: outcome.lastValue ?? health.lastValue,
      lastError: undefined,
      consecutiveFailures: 0,
      lastPoints: outcome.points,
    };
  }
  return {
    ...health,
    lastAttemptMs: outcome.atMs,
    lastError: outcome.error,
    consecutiveFailures: health.consecutiveFailures + 1,
  };
}

/** Time since the last success, ms; undefined when the feed never answered. */
export function feedAgeMs(health: FeedHealth, nowMs: number): number | undefined {
  return health.lastSuccessMs === undefined ? undefined : Math.max(0, nowMs - health.lastSuccessMs);
}

/**
 * Stale: no success within its maximum age. A feed that never answered is stale once `startedAtMs`
 * (when polling began) is a maximum age ago, so a fresh start does not alert before its first poll.
 */
export function isStale(health: FeedHealth, nowMs: number, startedAtMs: number): boolean {
  const since = health.lastSuccessMs ?? startedAtMs;
  return nowMs - since > health.maxAgeMs;
}
