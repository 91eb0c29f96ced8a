import { Type } from '@fastify/type-provider-typebox';

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

/** Responses every authenticated route can give. */
export const authErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export const SiteIdParams = Type.Object({ siteId: Type.String({ pattern: '^[a-z0-9][a-z0-9-_]*$' }) });
export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

/** A site in the fleet-file format (validated with the fleet schema; see docs/DATA.md and examples/fleet.yaml). */
export const SiteDocument = Type.Object({ id: Type.String() }, { additionalProperties: true });
export const SiteRecordSchema = Type.Object({
  site: SiteDocument,
  version: Type.Integer(),
  updatedAtMs: Type.Number(),
});

export const DeviceReadingSchema = Type.Object({
  deviceId: Type.String({ minLength: 1, maxLength: 128 }),
  kind: Type.Union([Type.Literal('miner'), Type.Literal('gpu')]),
  atMs: Type.Number(),
  state: Type.Union([
    Type.Literal('hashing'),
    Type.Literal('sleeping'),
    Type.Literal('off'),
    Type.Literal('faulted'),
    Type.Literal('busy'),
    Type.Literal('idle'),
    Type.Literal('unknown'),
  ]),
  hashrateThs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  powerW: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  maxTempC: Type.Union([Type.Number(), Type.Null()]),
  utilisation: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});

export const TelemetryBatchSchema = Type.Object({
  siteId: Type.String(),
  batchId: Type.String({ minLength: 1, maxLength: 128 }),
  sentAtMs: Type.Number(),
  readings: Type.Array(DeviceReadingSchema, { maxItems: 100_000 }),
});

export const AckSchema = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  atMs: Type.Number(),
  ok: Type.Boolean(),
  message: Type.String({ maxLength: 2000 }),
  reachedMiningMw: Type.Number({ minimum: 0 }),
});
