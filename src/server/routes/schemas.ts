import { Type } from '@fastify/type-provider-typebox';
import {
  MAX_DEVICE_HASHRATE_THS,
  MAX_DEVICE_POWER_W,
  MAX_SITE_MW,
  MAX_TEMP_C,
  MIN_TEMP_C,
} from '../../core/edge/index.ts';
import { Count, EpochMs, Id, Quantity, SiteId, Text } from './edge-schemas.ts';

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

/** Responses every authenticated route can give. */
export const authErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export const SiteIdParams = Type.Object({ siteId: SiteId() });
export const IdParams = Type.Object({ id: Id() });

/** A site in the fleet-file format (validated with the fleet schema; see docs/DATA.md and examples/fleet.yaml). */
export const SiteDocument = Type.Object({ id: Type.String() }, { additionalProperties: true });
export const SiteRecordSchema = Type.Object({
  site: SiteDocument,
  version: Type.Integer(),
  updatedAtMs: Type.Number(),
});

/** A device reading, bounded as the MQTT telemetry message is (adapters/broker/messages.ts). */
export const DeviceReadingSchema = Type.Object({
  deviceId: Id(),
  kind: Type.Union([Type.Literal('miner'), Type.Literal('gpu')]),
  atMs: EpochMs(),
  state: Type.Union([
    Type.Literal('hashing'),
    Type.Literal('sleeping'),
    Type.Literal('off'),
    Type.Literal('faulted'),
    Type.Literal('busy'),
    Type.Literal('idle'),
    Type.Literal('unknown'),
  ]),
  hashrateThs: Type.Union([Quantity(MAX_DEVICE_HASHRATE_THS), Type.Null()]),
  powerW: Type.Union([Quantity(MAX_DEVICE_POWER_W), Type.Null()]),
  maxTempC: Type.Union([Type.Number({ minimum: MIN_TEMP_C, maximum: MAX_TEMP_C }), Type.Null()]),
  utilisation: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});

export const TelemetryBatchSchema = Type.Object({
  siteId: SiteId(),
  batchId: Id(),
  sentAtMs: EpochMs(),
  readings: Type.Array(DeviceReadingSchema, { maxItems: 100_000 }),
});

/** An ack, bounded as the MQTT ack message is. */
export const AckSchema = Type.Object({
  seq: Count({ minimum: 1 }),
  atMs: EpochMs(),
  ok: Type.Boolean(),
  message: Text(),
  reachedMiningMw: Quantity(MAX_SITE_MW),
});
