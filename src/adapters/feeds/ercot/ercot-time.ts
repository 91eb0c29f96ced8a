import { zonedToUtcMs } from '../../../core/time/zoned-time.ts';

export const ERCOT_TIME_ZONE = 'America/Chicago';

/** `YYYY-MM-DD` (API) or `MM/DD/YYYY` (MIS CSV) as [year, month, day]; undefined otherwise. */
export function ercotDate(value: string): [number, number, number] | undefined {
  let match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match) return [Number(match[1]), Number(match[2]), Number(match[3])];
  match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (match) return [Number(match[3]), Number(match[1]), Number(match[2])];
  return undefined;
}

/**
 * Start (UTC epoch ms) of an ERCOT settlement interval given in Central Prevailing Time as ERCOT
 * reports it: the delivery date, the hour ending (1-24) and, for 15-min prices, the interval in the
 * hour (1-4). The repeated hour of the fall-back day carries the DST flag (`Y`/true): it is the
 * second, later one.
 */
export function ercotIntervalStartMs(
  date: [number, number, number],
  hourEnding: number,
  interval: number | undefined,
  repeatedHour: boolean,
): number {
  const [year, month, day] = date;
  const minute = interval === undefined ? 0 : (interval - 1) * 15;
  const first = zonedToUtcMs(ERCOT_TIME_ZONE, year, month, day, hourEnding - 1, minute);
  return repeatedHour ? first + 3_600_000 : first;
}

/** `14:00` / `24:00` (the DAM's hourEnding) or 14 as an hour ending number. */
export function hourEndingOf(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 1 && value <= 25 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,2})(:00)?$/.exec(value.trim());
  const hour = match ? Number(match[1]) : Number.NaN;
  return hour >= 1 && hour <= 24 ? hour : undefined;
}

/** ERCOT's DST flag: boolean in the API, `Y`/`N` in the CSV files. */
export function dstFlagOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'Y' || value === 'y' || value === 'true') return true;
  if (value === 'N' || value === 'n' || value === 'false') return false;
  return undefined;
}
