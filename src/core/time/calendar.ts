/**
 * The UTC calendar the books, invoices and reports share: `YYYY-MM` months and `YYYY-MM-DD` days as
 * epoch-ms ranges. Pure (no clock): every function takes the instant or the label it works on.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_MS = 86_400_000;

/** Whether `text` is a `YYYY-MM` month. */
export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** Year and month (1-12) of a `YYYY-MM` month; RangeError for anything else. */
export function parseMonth(month: string): { year: number; month: number } {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** [fromMs, toMs) of a `YYYY-MM` month, UTC. */
export function monthRange(month: string): { fromMs: number; toMs: number } {
  const { year, month: m } = parseMonth(month);
  return { fromMs: Date.UTC(year, m - 1, 1), toMs: Date.UTC(year, m, 1) };
}

/** The `YYYY-MM` month holding the instant, UTC. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Start of the UTC month holding the instant, epoch ms. */
export function monthStartOf(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Days in a `YYYY-MM` month. */
export function daysInMonth(month: string): number {
  const { year, month: m } = parseMonth(month);
  return daysInMonthOf(year, m);
}

/** Days in month `month` (1-12) of `year`, Gregorian. */
export function daysInMonthOf(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The month before a `YYYY-MM` month. */
export function previousMonth(month: string): string {
  const { year, month: m } = parseMonth(month);
  return m === 1 ? `${year - 1}-12` : `${year}-${pad2(m - 1)}`;
}

/** The month after a `YYYY-MM` month. */
export function nextMonth(month: string): string {
  const { year, month: m } = parseMonth(month);
  return m === 12 ? `${year + 1}-01` : `${year}-${pad2(m + 1)}`;
}

/** The `YYYY-MM-DD` day holding the instant, UTC. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day after a `YYYY-MM-DD` day. */
export function nextDay(date: string): string {
  return dayOf(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
