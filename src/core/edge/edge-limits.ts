/**
 * The limits every input is held to where it enters the control plane, shared by the HTTP routes
 * (TypeBox schemas, the request guard) and the MQTT message schemas (zod), so that both edges
 * accept the same values and nothing reaches the database that its columns cannot hold.
 */

/** Longest free text (reasons, messages), characters. */
export const MAX_TEXT_LENGTH = 10_000;
/** Longest name (tenant, key, series), characters. */
export const MAX_NAME_LENGTH = 200;
/** Longest opaque id (batch, device, run, lease, quote), characters. */
export const MAX_ID_LENGTH = 200;
/** Longest id that becomes one MQTT topic level (a site id), characters. */
export const MAX_TOPIC_SEGMENT_LENGTH = 64;
/** A site id: lower-case letters, digits, `-`, `_`; one topic level, so no `/`, `+`, `#` or NUL. */
export const TOPIC_SEGMENT_PATTERN = `^[a-z0-9][a-z0-9_-]{0,${MAX_TOPIC_SEGMENT_LENGTH - 1}}$`;
const TOPIC_SEGMENT = new RegExp(TOPIC_SEGMENT_PATTERN);

/** An SQL INTEGER column (GPU counts, quotas, sequence numbers). */
export const INT32_MAX = 2_147_483_647;
/**
 * An SQL BIGINT column read back as a JavaScript number (cents, satoshis, epoch ms): exact only up
 * to 2^53 - 1, so that is the bound.
 */
export const SAFE_INTEGER_MAX = Number.MAX_SAFE_INTEGER;
/** Earliest time accepted on the wire: 2000-01-01T00:00:00Z (epoch ms). */
export const EPOCH_MS_MIN = 946_684_800_000;
/** Latest time accepted on the wire: 2200-01-01T00:00:00Z (epoch ms); `new Date` handles far more. */
export const EPOCH_MS_MAX = 7_258_118_400_000;
/** Deepest nesting of objects and arrays in a request body or message. */
export const MAX_NESTING_DEPTH = 32;
/** Longest request URL (path and query), characters; a longer one is refused with 414. */
export const MAX_URL_LENGTH = 8_192;

/** Device measurements: beyond these no real device reports. */
export const MAX_DEVICE_HASHRATE_THS = 100_000;
export const MAX_DEVICE_POWER_W = 10_000_000;
export const MIN_TEMP_C = -100;
export const MAX_TEMP_C = 500;
/** Site power figures (setpoints, acks), MW. */
export const MAX_SITE_MW = 100_000;

export function isTopicSegment(value: string): boolean {
  return TOPIC_SEGMENT.test(value);
}

/** What is wrong with an input, and where (`body.a.b[2]`). */
export interface UnsafeInput {
  readonly path: string;
  readonly problem: string;
}

/**
 * Finds the first thing in a decoded input that no route or message may carry, whatever its
 * schema: a NUL character in a string or key (PostgreSQL text cannot hold one), nesting deeper
 * than `maxDepth`, a number that is not finite or is beyond the exact-integer range. Iterative, so
 * a hostile depth cannot overflow the stack.
 */
export function findUnsafeInput(
  value: unknown,
  root: string,
  maxDepth = MAX_NESTING_DEPTH,
): UnsafeInput | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: item, path, depth } = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return { path, problem: 'must not contain a NUL character' };
    } else if (typeof item === 'number') {
      if (!Number.isFinite(item)) return { path, problem: 'must be a finite number' };
      if (Math.abs(item) > SAFE_INTEGER_MAX) {
        return { path, problem: `must be between -${SAFE_INTEGER_MAX} and ${SAFE_INTEGER_MAX}` };
      }
    } else if (typeof item === 'object' && item !== null) {
      if (depth >= maxDepth) return { path, problem: `nested deeper than ${maxDepth} levels` };
      if (Array.isArray(item)) {
        item.forEach((child, index) => {
          stack.push({ value: child, path: `${path}[${index}]`, depth: depth + 1 });
        });
      } else {
        for (const [key, child] of Object.entries(item)) {
          if (key.includes('\u0000')) return { path, problem: 'has a key with a NUL character' };
          stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
        }
      }
    }
  }
  return undefined;
}
