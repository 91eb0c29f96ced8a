import { z } from 'zod';
import {
  EPOCH_MS_MAX,
  EPOCH_MS_MIN,
  INT32_MAX,
  MAX_DEVICE_HASHRATE_THS,
  MAX_DEVICE_POWER_W,
  MAX_ID_LENGTH,
  MAX_SITE_MW,
  MAX_TEMP_C,
  MAX_TEXT_LENGTH,
  MIN_TEMP_C,
  TOPIC_SEGMENT_PATTERN,
} from '../../core/edge/index.ts';
import type { SetpointRecord, TelemetryBatch } from '../../core/ports/storage.ts';
import type { SiteTopicKind } from './topics.ts';

/**
 * The payloads carried on the per-site topics (see topics.ts), as zod schemas. Every message is
 * UTF-8 JSON, validated once on receipt by decodeMessage. Unknown fields are dropped (a newer
 * agent may add fields within v1); a missing or mistyped field rejects the whole message.
 * Times are epoch milliseconds (UTC).
 */

/** Largest payload accepted (and relayed by the embedded broker), bytes. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

// The same limits as the HTTP routes (core/edge): one edge, two transports.
/** A time an agent reports (2000 to 2200). */
const epochMs = z.int().min(EPOCH_MS_MIN).max(EPOCH_MS_MAX);
/** A time the server sets on a setpoint (its clock; a test clock may start at 0). */
const serverMs = z.int().nonnegative().max(EPOCH_MS_MAX);
const id = z.string().min(1).max(MAX_ID_LENGTH).refine(noNul, 'must not contain a NUL character');
const text = z.string().max(MAX_TEXT_LENGTH).refine(noNul, 'must not contain a NUL character');
const siteId = z.string().regex(new RegExp(TOPIC_SEGMENT_PATTERN), 'must be a valid topic level');
const megawatts = z.number().nonnegative().max(MAX_SITE_MW);

function noNul(value: string): boolean {
  return !value.includes('\u0000');
}

const deviceReading = z.object({
  deviceId: id,
  kind: z.enum(['miner', 'gpu']),
  atMs: epochMs,
  state: z.enum(['hashing', 'sleeping', 'off', 'faulted', 'busy', 'idle', 'unknown']),
  /** TH/s; null when the device did not report it. */
  hashrateThs: z.number().nonnegative().max(MAX_DEVICE_HASHRATE_THS).nullable(),
  /** W; null when the device did not report it. */
  powerW: z.number().nonnegative().max(MAX_DEVICE_POWER_W).nullable(),
  /** Deg C; null when the device did not report it. */
  maxTempC: z.number().min(MIN_TEMP_C).max(MAX_TEMP_C).nullable(),
  /** GPUs: 0-1; null otherwise. */
  utilisation: z.number().min(0).max(1).nullable(),
});

/** agent -> server on `.../telemetry`: the storage port's TelemetryBatch. */
export const telemetryMessageSchema = z.object({
  siteId,
  batchId: id,
  sentAtMs: epochMs,
  readings: z.array(deviceReading).readonly(),
  /** The site meter's reading of the poll; null when it did not answer (see meterError). */
  meter: z
    .object({
      atMs: epochMs,
      activePowerW: z.number().finite().nullable(),
      importedEnergyWh: z.number().nonnegative().nullable(),
      exportedEnergyWh: z.number().nonnegative().nullable(),
    })
    .nullable()
    .optional(),
  meterError: text.optional(),
}) satisfies z.ZodType<TelemetryBatch>;

/** server -> agent on `.../setpoints` (retained): the part of a SetpointRecord the agent acts on. */
export const setpointMessageSchema = z.object({
  siteId,
  /** Strictly increasing per site; the agent ignores a seq it has already applied. */
  seq: z.int().positive(),
  runId: id.optional(),
  issuedAtMs: serverMs,
  /** After this the agent falls back to its local rules. */
  expiresAtMs: serverMs,
  miningMw: z.number().nonnegative(),
  aiMw: z.number().nonnegative(),
  /** Positive charges the battery, negative discharges. */
  batteryMw: z.number(),
  curtailed: z.boolean(),
  reason: text,
}) satisfies z.ZodType<
  Pick<
    SetpointRecord,
    | 'siteId'
    | 'seq'
    | 'runId'
    | 'issuedAtMs'
    | 'expiresAtMs'
    | 'miningMw'
    | 'aiMw'
    | 'batteryMw'
    | 'curtailed'
    | 'reason'
  >
>;

/** agent -> server on `.../acks`: the agent applied (ok) or could not apply a setpoint. */
export const ackMessageSchema = z.object({
  siteId,
  seq: z.int().positive().max(INT32_MAX),
  atMs: epochMs,
  ok: z.boolean(),
  message: text,
  /** Mining MW the site reached. */
  reachedMiningMw: megawatts,
  /**
   * Per miner: the commands sent and how many took effect (read back), the ones that did not, each
   * with why (the first 100), and the sleeps re-sent by the emergency path.
   */
  miners: z
    .object({
      commanded: z.int().nonnegative(),
      applied: z.int().nonnegative(),
      retried: z.int().nonnegative(),
      notApplied: z
        .array(z.object({ minerId: z.string().max(200), action: z.string().max(40), detail: text }))
        .max(100),
    })
    .optional(),
  /** Closed-loop site power (a site meter): the meter's reading against the setpoint, MW. */
  meter: z
    .object({
      measuredMw: z.number(),
      targetMw: z.number().nonnegative(),
      /** Within the loop's tolerance (2 % of the target). */
      held: z.boolean(),
    })
    .optional(),
});

/** agent -> server on `.../events`: alarms, fallback-rule notices. */
export const eventMessageSchema = z.object({
  siteId,
  atMs: epochMs,
  /** Stable kind, e.g. `alarm.overtemp`, `fallback.engaged`, `fallback.released`. */
  kind: z.string().min(1).max(100).refine(noNul, 'must not contain a NUL character'),
  message: text,
  details: z.record(z.string(), z.unknown()),
});

/** agent -> server on `.../status` (retained). The agent's last will is `{"online":false}`. */
export const statusMessageSchema = z.object({
  online: z.boolean(),
  atMs: epochMs.optional(),
});

export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;
export type SetpointMessage = z.infer<typeof setpointMessageSchema>;
export type AckMessage = z.infer<typeof ackMessageSchema>;
export type EventMessage = z.infer<typeof eventMessageSchema>;
export type StatusMessage = z.infer<typeof statusMessageSchema>;

/** The message type carried on each kind of site topic. */
export interface MessageOfTopic {
  telemetry: TelemetryMessage;
  setpoints: SetpointMessage;
  acks: AckMessage;
  events: EventMessage;
  status: StatusMessage;
}

const schemas: { readonly [K in SiteTopicKind]: z.ZodType<MessageOfTopic[K]> } = {
  telemetry: telemetryMessageSchema,
  setpoints: setpointMessageSchema,
  acks: ackMessageSchema,
  events: eventMessageSchema,
  status: statusMessageSchema,
};

/** Why a message was rejected, as a metric label: `switchyard_rejected_messages_total{reason}`. */
export type RejectionKind = 'too-large' | 'not-json' | 'invalid' | 'site-mismatch';
export const REJECTION_KINDS: readonly RejectionKind[] = [
  'too-large',
  'not-json',
  'invalid',
  'site-mismatch',
];

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** For people and logs: the field path and the problem, e.g. `readings[2].powerW: expected number, received string`. */
      readonly reason: string;
      readonly rejection: RejectionKind;
    };

/**
 * Decodes and validates a payload received on a `kind` topic of site `topicSiteId`: size, UTF-8
 * JSON, schema, and (for kinds that carry one) that the payload's siteId is the topic's.
 */
export function decodeMessage<K extends SiteTopicKind>(
  kind: K,
  topicSiteId: string,
  payload: Uint8Array,
): DecodeResult<MessageOfTopic[K]> {
  if (payload.byteLength > MAX_MESSAGE_BYTES) {
    return reject('too-large', `payload is ${payload.byteLength} bytes, limit ${MAX_MESSAGE_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (error) {
    return reject('not-json', `payload is not JSON: ${(error as Error).message}`);
  }
  return checkMessage(kind, topicSiteId, json);
}

/** decodeMessage for a value already parsed (or about to be sent): schema and site checks only. */
export function checkMessage<K extends SiteTopicKind>(
  kind: K,
  topicSiteId: string,
  value: unknown,
): DecodeResult<MessageOfTopic[K]> {
  const parsed = schemas[kind].safeParse(value);
  if (!parsed.success) {
    return reject('invalid', formatIssues(parsed.error.issues));
  }
  const message = parsed.data;
  if ('siteId' in message && message.siteId !== topicSiteId) {
    return reject(
      'site-mismatch',
      `siteId: ${JSON.stringify(message.siteId)} does not match the topic's site ${JSON.stringify(topicSiteId)}`,
    );
  }
  return { ok: true, value: message };
}

function reject(rejection: RejectionKind, reason: string): DecodeResult<never> {
  return { ok: false, rejection, reason };
}

const MAX_ISSUES_LISTED = 5;

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues.slice(0, MAX_ISSUES_LISTED).map((issue) => {
    const path = formatPath(issue.path);
    const problem = issue.message.replace(/^Invalid input: /, '');
    return path === '' ? problem : `${path}: ${problem}`;
  });
  const more = issues.length - listed.length;
  return more > 0 ? `${listed.join('; ')}; and ${more} more` : listed.join('; ');
}

/** `readings[2].powerW` from `['readings', 2, 'powerW']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}
