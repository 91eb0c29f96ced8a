/**
 * Delay before retry `attempt` (1 = the first retry): exponential from `baseMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so replicas and feeds do not retry in step.
 * `random01` is a number in [0, 1) supplied by the caller (no hidden randomness in the core).
 */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random01: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random01, 0), 1));
}
