import type { BtcDay } from '../../core/market/index.ts';
import { parseIsoDate } from './csv-reader.ts';

const DAY_MS = 86_400_000;

/** Bitcoin days in date order with O(1) lookup of the UTC day containing an instant. */
export class BtcDayIndex {
  readonly days: readonly BtcDay[];
  private readonly byDayNumber: Map<number, BtcDay>;

  /** `days` may come in any order; a date that is not `YYYY-MM-DD` or appears twice throws. */
  constructor(days: readonly BtcDay[]) {
    this.days = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.byDayNumber = new Map();
    for (const day of this.days) {
      const startMs = parseIsoDate(day.date);
      if (startMs === undefined) throw new Error(`BtcDay date "${day.date}" is not YYYY-MM-DD`);
      if (this.byDayNumber.has(startMs / DAY_MS)) throw new Error(`BtcDay ${day.date} appears twice`);
      this.byDayNumber.set(startMs / DAY_MS, day);
    }
  }

  /** The day whose UTC calendar day contains `ms`, or undefined. */
  at(ms: number): BtcDay | undefined {
    if (!Number.isFinite(ms)) return undefined;
    return this.byDayNumber.get(Math.floor(ms / DAY_MS));
  }
}
