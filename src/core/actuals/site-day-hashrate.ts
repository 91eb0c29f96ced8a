import type { SiteMinute } from '../ports/storage.ts';

export const MINUTES_PER_DAY = 1_440;

/** What the stored per-minute telemetry says one site hashed over one UTC day. */
export interface SiteDayHashrate {
  readonly siteId: string;
  readonly date: string;
  /** Minutes of the day with a stored aggregate (0..1440). */
  readonly minutesReported: number;
  /** minutesReported / 1440. */
  readonly coverage: number;
  /**
   * Average operating hashrate over the minutes reported, TH/s (the mean of the stored per-minute
   * aggregates); null when the day has no telemetry (a labelled gap, never 0).
   */
  readonly averageThs: number | null;
  /** Share of the reported device-minutes in which devices were up (0..1); null without telemetry. */
  readonly uptimeShare: number | null;
  /** Average count of devices up (reporting) per reported minute; null without telemetry. */
  readonly devicesReporting: number | null;
  /** Average mining + AI IT power over the reported minutes, W (the device-sum energy fallback). */
  readonly averageItPowerW: number | null;
}

/** Aggregates a UTC day's stored minutes of one site (pure: minutes in, figures out). */
export function siteDayHashrate(
  siteId: string,
  date: string,
  minutes: readonly SiteMinute[],
): SiteDayHashrate {
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const inDay = minutes.filter(
    (m) => m.siteId === siteId && m.minuteMs >= dayStart && m.minuteMs < dayStart + 86_400_000,
  );
  const n = inDay.length;
  if (n === 0)
    return {
      siteId,
      date,
      minutesReported: 0,
      coverage: 0,
      averageThs: null,
      uptimeShare: null,
      devicesReporting: null,
      averageItPowerW: null,
    };
  let ths = 0;
  let up = 0;
  let all = 0;
  let watts = 0;
  for (const minute of inDay) {
    ths += minute.hashrateThs;
    up += minute.devicesUp;
    all += minute.devicesUp + minute.devicesDown;
    watts += minute.miningPowerW + minute.aiPowerW;
  }
  return {
    siteId,
    date,
    minutesReported: n,
    coverage: n / MINUTES_PER_DAY,
    averageThs: ths / n,
    uptimeShare: all > 0 ? up / all : null,
    devicesReporting: up / n,
    averageItPowerW: watts / n,
  };
}
