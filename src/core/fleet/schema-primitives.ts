import { z } from 'zod';

/** The value types fleet-file schemas share: ids, money, fractions, currencies, time zones, instants. */
export const id = z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'must be lower-case letters, digits, - or _');
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
