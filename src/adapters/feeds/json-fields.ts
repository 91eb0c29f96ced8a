import { feedReplyInvalid } from './feed-error.ts';

/** Reading fields of a parsed reply: every miss is SY_ERR_FEED_REPLY_INVALID naming the path. */
export function record(feedId: string, value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw feedReplyInvalid(feedId, `${path} is not an object`);
  }
  return value as Record<string, unknown>;
}

export function list(feedId: string, value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw feedReplyInvalid(feedId, `${path} is not an array`);
  return value;
}

/** A number given as a JSON number or a decimal string (exchanges and AESO send strings). */
export function decimal(feedId: string, value: unknown, path: string): number {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(parsed))
    throw feedReplyInvalid(feedId, `${path} is not a number (${JSON.stringify(value)})`);
  return parsed;
}

/** Like `decimal`, but an empty string or null reads as undefined (a value not yet published). */
export function optionalDecimal(feedId: string, value: unknown, path: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return decimal(feedId, value, path);
}

export function text(feedId: string, value: unknown, path: string): string {
  if (typeof value !== 'string') throw feedReplyInvalid(feedId, `${path} is not a string`);
  return value;
}

/** `YYYY-MM-DD HH:MM` (AESO) or ISO 8601 in UTC as epoch ms. */
export function utcMinute(feedId: string, value: unknown, path: string): number {
  const raw = text(feedId, value, path);
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(raw);
  if (!match)
    throw feedReplyInvalid(feedId, `${path} is not a time YYYY-MM-DD HH:MM (${JSON.stringify(raw)})`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi);
}
