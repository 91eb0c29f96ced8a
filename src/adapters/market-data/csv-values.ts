import { daysInMonthOf } from '../../core/time/calendar.ts';

/** Parses a plain decimal number; undefined for anything else (empty, blanks, hex, NaN, Infinity). */
export function parseDecimal(text: string): number | undefined {
  if (text === '') return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // digits, '.', '-', '+', 'e', 'E'
    if ((c < 48 || c > 57) && c !== 46 && c !== 45 && c !== 43 && c !== 101 && c !== 69) return undefined;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Start of a `YYYY-MM-DD` UTC day in epoch ms, or undefined when the text is not a real date. */
export function parseIsoDate(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonthOf(year, month)) return undefined;
  return Date.UTC(year, month - 1, day);
}

const TIMESTAMP_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch ms of an ISO-8601 instant with an explicit offset. `YYYY-MM-DDTHH:MM:SSZ` takes a fast digit-by-digit
 * path; other forms (fractional seconds, `+00:00`) go through `Date.parse`. A timestamp without an offset is
 * rejected: it would be local time of an unknown zone.
 */
export function parseIsoTimestamp(text: string): number | undefined {
  if (text.length === 20 && text.charCodeAt(19) === 90 /* Z */) {
    if (
      text.charCodeAt(4) !== 45 ||
      text.charCodeAt(7) !== 45 ||
      text.charCodeAt(10) !== 84 /* T */ ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58
    ) {
      return undefined;
    }
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonthOf(year, month)) return undefined;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  if (!TIMESTAMP_WITH_OFFSET.test(text) || parseIsoDate(text.slice(0, 10)) === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Decimal value of `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
