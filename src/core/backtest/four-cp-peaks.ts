import type { TimeSeries } from '../market/time-series.ts';
import { localParts } from '../time/zoned-time.ts';

/** One month's actual system peak: the source interval with the highest load. */
export interface FourCpPeak {
  /** Local month, `YYYY-MM`. */
  readonly month: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly loadMw: number;
}

/**
 * The actual 4CP intervals: in each counted local month the load series covers, the interval (an
 * hour for hourly load) with the highest system load. Settlement only: it reads the whole month.
 * Hourly load stands in for ERCOT's 15-minute settlement intervals (the shipped load is hourly).
 */
export function actualFourCpPeaks(
  load: TimeSeries,
  months: readonly number[],
  timeZone: string,
): FourCpPeak[] {
  const counted = new Set(months);
  const best = new Map<string, FourCpPeak>();
  for (let ms = load.startMs; ms < load.endMs; ms += load.resolutionMs) {
    const value = load.at(ms);
    if (value === undefined) continue;
    const local = localParts(ms, timeZone);
    if (!counted.has(local.month)) continue;
    const month = `${local.year}-${String(local.month).padStart(2, '0')}`;
    const current = best.get(month);
    if (!current || value > current.loadMw)
      best.set(month, { month, startMs: ms, endMs: ms + load.resolutionMs, loadMw: value });
  }
  return [...best.values()].sort((a, b) => a.startMs - b.startMs);
}

/** 1 for every planning cell inside one of the peaks. */
export function peakCells(
  peaks: readonly FourCpPeak[],
  startMs: number,
  cells: number,
  cellMinutes: number,
): Uint8Array {
  const cellMs = cellMinutes * 60_000;
  const out = new Uint8Array(cells);
  for (const peak of peaks) {
    const from = Math.max(0, Math.floor((peak.startMs - startMs) / cellMs));
    const to = Math.min(cells, Math.ceil((peak.endMs - startMs) / cellMs));
    for (let i = from; i < to; i++) out[i] = 1;
  }
  return out;
}
