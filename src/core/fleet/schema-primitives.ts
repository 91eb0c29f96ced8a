import { z } from 'zod';
import { MAX_ID_LENGTH, MAX_TOPIC_SEGMENT_LENGTH, TOPIC_SEGMENT_PATTERN } from '../edge/index.ts';

/** The value types fleet-file schemas share: ids, money, fractions, currencies, time zones, instants. */
export const id = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(/^[a-z0-9][a-z0-9-_]*$/, 'must be lower-case letters, digits, - or _');
/** A site id is one MQTT topic level (core/edge): the same characters, at most 64 of them. */
export const siteId = z
  .string()
  .max(
    MAX_TOPIC_SEGMENT_LENGTH,
    `must be at most ${MAX_TOPIC_SEGMENT_LENGTH} characters (it is an MQTT topic level)`,
  )
  .regex(new RegExp(TOPIC_SEGMENT_PATTERN), 'must be lower-case letters, digits, - or _');
export const money = z.number().finite();
export const positive = z.number().finite().gt(0, 'must be > 0');
export const nonNegative = z.number().finite().gte(0, 'must be >= 0');
export const fraction = z.number().finite().gte(0, 'must be >= 0').lte(1, 'must be <= 1');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as USD');
export const timeZone = z.string().refine(isTimeZone, {
  error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. America/Chicago)`,
});
export const isoInstant = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO-8601 date-time');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
