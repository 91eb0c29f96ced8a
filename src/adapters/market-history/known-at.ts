/**
 * When a value of imported history became known, for files that do not say. A real-time price or a
 * daily figure is known when its interval ends. A day-ahead price (series id with `_da_`) is known
 * the day before: ERCOT posts its day-ahead market results by 13:30 Central on the day before the
 * operating day, so 20:00 UTC of the UTC day before the interval's day is used (after the posting in
 * both CST and CDT, and before every interval of that UTC day).
 */
export function importedKnownAtMs(seriesId: string, atMs: number, resolutionMs: number): number {
  if (/(^|_)da(_|$)/.test(seriesId)) {
    const dayStart = Math.floor(atMs / 86_400_000) * 86_400_000;
    return Math.min(dayStart - 4 * 3_600_000, atMs);
  }
  return atMs + resolutionMs;
}
