import type { ComputeStatus } from '../ports/compute-backend.ts';
import type { BillableState, Lease, MeterSegment } from './marketplace-types.ts';

export interface MeterContext {
  readonly pue: number;
  /** Share of the hub's energy that is green now, 0-1. */
  readonly greenShare: number;
}

const METERED: readonly BillableState[] = ['running', 'preempting'];

/**
 * One metering step for a lease from the compute backend's report. Billable time is the overlap
 * of the lease's billable states (from its transitions) with the time its workload actually held
 * GPUs as the nodes report it (started, and stopped or still running at the report). Each stretch
 * is a segment keyed by its state and start; a new report extends the open one. Energy is the
 * reported power x PUE over the time since the segment's previous end. Returns the segments that
 * changed (to store); `segments` are the lease's stored segments.
 */
export function meterLease(
  lease: Lease,
  segments: readonly MeterSegment[],
  status: ComputeStatus,
  context: MeterContext,
): MeterSegment[] {
  if (status.startedAtMs === null) return [];
  const runFrom = status.startedAtMs;
  const runTo = status.stoppedAtMs ?? status.reportedAtMs;
  const changed: MeterSegment[] = [];
  let nextSeq = segments.reduce((max, s) => Math.max(max, s.seq), 0) + 1;
  for (const stretch of billableStretches(lease, runFrom, runTo)) {
    const existing = segments.find((s) => s.state === stretch.state && s.fromMs === stretch.fromMs);
    if (existing && existing.toMs >= stretch.toMs) continue;
    const sinceMs = existing ? existing.toMs : stretch.fromMs;
    const wh = ((status.powerW ?? 0) * context.pue * (stretch.toMs - sinceMs)) / 3_600_000;
    changed.push({
      leaseId: lease.id,
      seq: existing ? existing.seq : nextSeq++,
      state: stretch.state,
      fromMs: stretch.fromMs,
      toMs: stretch.toMs,
      gpus: lease.gpus,
      energyWh: (existing?.energyWh ?? 0) + wh,
      greenWh: (existing?.greenWh ?? 0) + wh * context.greenShare,
    });
  }
  return changed;
}

/** The lease's billable states from its transitions, clipped to [fromMs, toMs). */
export function billableStretches(
  lease: Lease,
  fromMs: number,
  toMs: number,
): { state: BillableState; fromMs: number; toMs: number }[] {
  const stretches: { state: BillableState; fromMs: number; toMs: number }[] = [];
  lease.transitions.forEach((t, i) => {
    if (!METERED.includes(t.state as BillableState)) return;
    const end = lease.transitions[i + 1]?.atMs ?? Number.POSITIVE_INFINITY;
    const from = Math.max(t.atMs, fromMs);
    const to = Math.min(end, toMs);
    if (to > from) stretches.push({ state: t.state as BillableState, fromMs: from, toMs: to });
  });
  return stretches;
}
