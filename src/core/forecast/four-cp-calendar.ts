import { localParts } from '../time/zoned-time.ts';
import type { FourCpCalendar } from './four-cp-forecaster.ts';

/** Local month, hour and month start of every cell (Intl once per hour). */
export function localCalendar(
  startMs: number,
  cells: number,
  cellMinutes: number,
  timeZone: string,
): FourCpCalendar {
  const month = new Uint8Array(cells);
  const hour = new Uint8Array(cells);
  const monthStart = new Int32Array(cells);
  const perHour = Math.max(1, Math.round(60 / cellMinutes));
  let start = 0;
  for (let i = 0; i < cells; i += perHour) {
    const local = localParts(startMs + i * cellMinutes * 60_000, timeZone);
    if (i > 0 && local.month !== month[i - 1]) start = i;
    for (let j = i; j < Math.min(cells, i + perHour); j++) {
      month[j] = local.month;
      hour[j] = local.hour;
      monthStart[j] = start;
    }
  }
  return { month, hour, monthStart };
}
