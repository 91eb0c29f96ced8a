import { Type } from '@fastify/type-provider-typebox';
import {
  EPOCH_MS_MAX,
  EPOCH_MS_MIN,
  INT32_MAX,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  SAFE_INTEGER_MAX,
  TOPIC_SEGMENT_PATTERN,
} from '../../core/edge/index.ts';

/**
 * TypeBox builders for route schemas, bounded by the shared edge limits (core/edge): use them for
 * every new field so HTTP accepts what MQTT accepts and what the columns can hold. A string never
 * holds NUL (the request guard checks that for every route); these add the lengths and ranges.
 */

type Options = { description?: string };

/** Free text (reasons, messages). */
export const Text = (opts: Options & { minLength?: number; maxLength?: number } = {}) =>
  Type.String({ maxLength: MAX_TEXT_LENGTH, ...opts });
/** A name (tenants, keys). */
export const Name = (opts: Options = {}) =>
  Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, ...opts });
/** An opaque id (lease, quote, run, batch, device). */
export const Id = (opts: Options = {}) => Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, ...opts });
/** A site id: one MQTT topic level. */
export const SiteId = (opts: Options = {}) => Type.String({ pattern: TOPIC_SEGMENT_PATTERN, ...opts });
/** A count stored in an INTEGER column (GPUs, quotas, sequence numbers). */
export const Count = (opts: Options & { minimum?: number; maximum?: number } = {}) =>
  Type.Integer({ minimum: 0, maximum: INT32_MAX, ...opts });
/** Cents (or satoshis) stored in a BIGINT column, exact. */
export const Cents = (opts: Options & { minimum?: number } = {}) =>
  Type.Integer({ minimum: 0, maximum: SAFE_INTEGER_MAX, ...opts });
/** A time in epoch milliseconds within sane bounds (2000 to 2200). */
export const EpochMs = (opts: Options = {}) =>
  Type.Integer({ minimum: EPOCH_MS_MIN, maximum: EPOCH_MS_MAX, ...opts });
/** A time bound in a query (from / to), epoch ms: 0 up to the latest sane time. */
export const TimeQuery = (opts: Options = {}) => Type.Integer({ minimum: 0, maximum: EPOCH_MS_MAX, ...opts });
/** A bounded real quantity (MW, hours, GPU-hours). */
export const Quantity = (
  maximum: number,
  opts: Options & { minimum?: number; exclusiveMinimum?: number } = {},
) => Type.Number({ minimum: 0, maximum, ...opts });
/** A list limit. */
export const Limit = (maximum: number, opts: Options & { default?: number } = {}) =>
  Type.Integer({ minimum: 1, maximum, ...opts });
