import { type Static, Type } from 'typebox';
import type { DeviceReading, SetpointRecord, SiteMinute } from '../../core/ports/storage.ts';
import type { SameShape } from './same-shape.ts';

/** One device's reading (also the body agents send: the limits are the wire's). */
export const DeviceReadingContract = Type.Object({
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

export const SiteMinuteContract = Type.Object({
  siteId: Type.String(),
  minuteMs: Type.Number(),
  hashrateThs: Type.Number(),
  miningPowerW: Type.Number(),
  aiPowerW: Type.Number(),
  maxTempC: Type.Union([Type.Number(), Type.Null()]),
  devicesUp: Type.Integer(),
  devicesDown: Type.Integer(),
  readings: Type.Integer(),
});

export const SetpointContract = Type.Object({
  siteId: Type.String(),
  seq: Type.Integer(),
  runId: Type.Optional(Type.String()),
  issuedAtMs: Type.Number(),
  expiresAtMs: Type.Number(),
  miningMw: Type.Number(),
  aiMw: Type.Number(),
  batteryMw: Type.Number(),
  curtailed: Type.Boolean(),
  reason: Type.String(),
  ackedAtMs: Type.Optional(Type.Number()),
  ackOk: Type.Optional(Type.Boolean()),
  ackMessage: Type.Optional(Type.String()),
  reachedMiningMw: Type.Optional(Type.Number()),
});

export const pinned: [
  SameShape<Static<typeof DeviceReadingContract>, DeviceReading>,
  SameShape<Static<typeof SiteMinuteContract>, SiteMinute>,
  SameShape<Static<typeof SetpointContract>, SetpointRecord>,
] = [true, true, true];
