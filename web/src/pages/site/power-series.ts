import type { HistoryInterval, Setpoint, SiteMinute } from '../../api/types.ts';

export const STEP_MS = 15 * 60_000;

/** The setpoint in force during each interval: the last one issued before the interval ended. */
export function setpointsByInterval(
  intervals: readonly HistoryInterval[],
  setpoints: readonly Setpoint[],
): (Setpoint | undefined)[] {
  const sorted = [...setpoints].sort((a, b) => a.issuedAtMs - b.issuedAtMs || a.seq - b.seq);
  let j = -1;
  return intervals.map((interval) => {
    while (j + 1 < sorted.length && sorted[j + 1]!.issuedAtMs < interval.startMs + STEP_MS) j++;
    const setpoint = j >= 0 ? sorted[j] : undefined;
    return setpoint && setpoint.expiresAtMs > interval.startMs ? setpoint : undefined;
  });
}

/** Measured hashrate per interval: the mean of the minutes the agents reported in it. */
export function measuredByInterval(
  intervals: readonly HistoryInterval[],
  minutes: readonly SiteMinute[],
): (number | null)[] {
  return intervals.map((interval) => {
    const inside = minutes.filter(
      (m) => m.minuteMs >= interval.startMs && m.minuteMs < interval.startMs + STEP_MS,
    );
    return inside.length ? inside.reduce((t, m) => t + m.hashrateThs, 0) / inside.length : null;
  });
}
