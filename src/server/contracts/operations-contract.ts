import { type Static, Type } from 'typebox';
import type { Alert, AuditEntry, Curtailment, GridEvent } from '../../core/ports/storage.ts';
import { List } from './list.ts';
import type { SameShape } from './same-shape.ts';
import { SetpointContract, SiteMinuteContract } from './telemetry-contract.ts';

export const CurtailmentContract = Type.Object({
  id: Type.String(),
  siteIds: List(Type.String()),
  region: Type.Optional(Type.String()),
  startedAtMs: Type.Number(),
  releasedAtMs: Type.Optional(Type.Number()),
  reason: Type.String(),
  createdBy: Type.String(),
});

export const GridEventContract = Type.Object({
  id: Type.String(),
  siteIds: List(Type.String()),
  region: Type.Optional(Type.String()),
  startMs: Type.Number(),
  endMs: Type.Number(),
  shedMw: Type.Optional(Type.Number()),
  receivedAtMs: Type.Number(),
  allAckedAtMs: Type.Optional(Type.Number()),
  createdBy: Type.String(),
});

export const AlertContract = Type.Object({
  id: Type.String(),
  atMs: Type.Number(),
  siteId: Type.Optional(Type.String()),
  severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
  kind: Type.String(),
  message: Type.String(),
  resolvedAtMs: Type.Optional(Type.Number()),
});

export const AuditEntryContract = Type.Object({
  id: Type.String(),
  atMs: Type.Number(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** The audit record of a grid event for the grid operator. */
export const GridEventReportContract = Type.Object({
  event: GridEventContract,
  /** Seconds from the event being received to every affected site acking a setpoint honouring it. */
  responseSeconds: Type.Optional(Type.Number()),
  /** Per site: measured power per minute from an hour before the event to an hour after it. */
  sites: List(
    Type.Object({
      siteId: Type.String(),
      before: List(SiteMinuteContract),
      during: List(SiteMinuteContract),
      after: List(SiteMinuteContract),
      setpoints: List(SetpointContract),
    }),
  ),
});
export type GridEventReport = Static<typeof GridEventReportContract>;

export const pinned: [
  SameShape<Static<typeof CurtailmentContract>, Curtailment>,
  SameShape<Static<typeof GridEventContract>, GridEvent>,
  SameShape<Static<typeof AlertContract>, Alert>,
  SameShape<Static<typeof AuditEntryContract>, AuditEntry>,
] = [true, true, true, true];
