import type { SiteMinute } from '../../core/ports/storage.ts';

/**
 * An hour of history as sums over the minutes compacted into it, so an hour filled in two
 * compaction passes still averages correctly.
 */
export interface HourSums {
  readonly minutes: number;
  readonly hashrateThsSum: number;
  readonly miningPowerWSum: number;
  readonly aiPowerWSum: number;
  readonly maxTempC: number | null;
  readonly devicesUpSum: number;
  readonly devicesDownSum: number;
  readonly readings: number;
}

/**
 * The hour as a SiteMinute starting at `hourMs`: hashrate, powers and device counts are the mean
 * of its minutes (counts rounded to whole devices), `maxTempC` the hottest minute, `readings` the total.
 */
export function hourAsSiteMinute(siteId: string, hourMs: number, sums: HourSums): SiteMinute {
  const n = sums.minutes;
  return {
    siteId,
    minuteMs: hourMs,
    hashrateThs: sums.hashrateThsSum / n,
    miningPowerW: sums.miningPowerWSum / n,
    aiPowerW: sums.aiPowerWSum / n,
    maxTempC: sums.maxTempC,
    devicesUp: Math.round(sums.devicesUpSum / n),
    devicesDown: Math.round(sums.devicesDownSum / n),
    readings: sums.readings,
  };
}

/** Folds one minute into an hour's sums (`undefined`: the hour has none yet). */
export function addMinute(sums: HourSums | undefined, minute: SiteMinute): HourSums {
  return {
    minutes: (sums?.minutes ?? 0) + 1,
    hashrateThsSum: (sums?.hashrateThsSum ?? 0) + minute.hashrateThs,
    miningPowerWSum: (sums?.miningPowerWSum ?? 0) + minute.miningPowerW,
    aiPowerWSum: (sums?.aiPowerWSum ?? 0) + minute.aiPowerW,
    maxTempC: maxOrNull(sums?.maxTempC ?? null, minute.maxTempC),
    devicesUpSum: (sums?.devicesUpSum ?? 0) + minute.devicesUp,
    devicesDownSum: (sums?.devicesDownSum ?? 0) + minute.devicesDown,
    readings: (sums?.readings ?? 0) + minute.readings,
  };
}

/** The larger of two optional values, ignoring nulls (as SQL MAX and GREATEST do). */
export function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
