import type { ComputeStatus } from '../ports/compute-backend.ts';
import type { Lease, LeaseState, MeterSegment } from './marketplace-types.ts';
import { type MeterContext, meterLease } from './meter-lease.ts';

/** A batch job runs when the plan gives it at least half a GPU (LP values are continuous). */
const BATCH_RUNS_FROM_GPUS = 0.5;

/** What the lease runner knows about one active lease at a tick. */
export interface LeaseView {
  readonly lease: Lease;
  readonly nowMs: number;
  /** GPUs the allocator's latest plan gives this batch job now (0 when none). */
  readonly plannedBatchGpus: number;
  /** GPU-seconds the lease has run, as metered so far. */
  readonly gpuSecondsRun: number;
  /** The nodes' report and the stored meter segments (leases on their GPUs: see `needsObservation`). */
  readonly observed?: {
    readonly status: ComputeStatus;
    readonly segments: readonly MeterSegment[];
    readonly meter: MeterContext;
  };
}

/** What to do with one lease now. */
export type LeaseStep =
  /** Nothing this tick. */
  | { readonly kind: 'wait' }
  /** Place it on GPUs (then `provisioning`; a refusal fails it). */
  | { readonly kind: 'provision' }
  /** Start its workload on the GPUs placed (then `running`; a refusal fails it). */
  | { readonly kind: 'start' }
  /** Move it to `to` at `atMs`, stopping its workload first (errors ignored) when `stopFirst`. */
  | {
      readonly kind: 'move';
      readonly to: LeaseState;
      readonly atMs: number;
      readonly reason: string;
      readonly stopFirst: boolean;
    }
  /** Stop its workload, meter the stop, and end it `completed` when the nodes say it stopped. */
  | { readonly kind: 'finish'; readonly reason: string }
  /** A batch job the plan no longer runs now: stop its workload, back to `pending`. */
  | { readonly kind: 'pause'; readonly reason: string };

/** A tick's decision for one lease: the step, and the metering of the nodes' report. */
export interface LeaseDecision {
  readonly step: LeaseStep;
  /** Meter segments changed by the report (to store). */
  readonly segments: readonly MeterSegment[];
  /** GPU-seconds run after this report. */
  readonly gpuSecondsRun: number;
}

/** Whether the plan runs this batch job now. */
export function planRuns(plannedBatchGpus: number): boolean {
  return plannedBatchGpus >= BATCH_RUNS_FROM_GPUS;
}

function deadlinePassed(lease: Lease, nowMs: number): boolean {
  return lease.batch !== undefined && nowMs >= lease.batch.deadlineMs;
}

/** Whether the step needs the nodes' report first: a lease on its GPUs, deadline not passed. */
export function needsObservation(lease: Lease, nowMs: number): boolean {
  return (lease.state === 'running' || lease.state === 'preempting') && !deadlinePassed(lease, nowMs);
}

/** GPU-seconds run by a lease's segments. */
export function gpuSecondsOf(segments: Iterable<MeterSegment>): number {
  let sum = 0;
  for (const s of segments) sum += Math.floor((s.toMs - s.fromMs) / 1000) * s.gpus;
  return sum;
}

/** The segments after a report: stored ones with the changed ones in their place. */
export function meterReport(
  lease: Lease,
  segments: readonly MeterSegment[],
  status: ComputeStatus,
  meter: MeterContext,
): { changed: MeterSegment[]; gpuSecondsRun: number } {
  const changed = meterLease(lease, segments, status, meter);
  const all = new Map(segments.map((s) => [s.seq, s]));
  for (const s of changed) all.set(s.seq, s);
  return { changed, gpuSecondsRun: gpuSecondsOf(all.values()) };
}

/**
 * One lease's step at a tick (pure): a batch job past its deadline fails; a pending lease is
 * placed (a batch job only when the plan runs it now), a placed one started; a lease on its GPUs
 * is metered from the nodes' report, then ends when the nodes say its workload stopped (a
 * preemption whose notice ran out: `preempted`, or back to `pending` for a batch job), when its
 * reserved term or its batch GPU-hours are done, or pauses when the plan no longer runs it.
 */
export function leaseStep(view: LeaseView): LeaseDecision {
  const { lease, nowMs } = view;
  const unchanged = { segments: [], gpuSecondsRun: view.gpuSecondsRun };
  if (lease.batch && deadlinePassed(lease, nowMs)) {
    const ran = (view.gpuSecondsRun / 3600).toFixed(1);
    const step: LeaseStep = {
      kind: 'move',
      to: 'failed',
      atMs: nowMs,
      reason: `deadline missed: ran ${ran} of ${lease.batch.gpuHours} GPU-hours by ${new Date(lease.batch.deadlineMs).toISOString()}`,
      stopFirst: lease.state !== 'pending',
    };
    return { step, ...unchanged };
  }
  if (lease.state === 'pending') {
    const waits = lease.tier === 'batch' && !planRuns(view.plannedBatchGpus);
    return { step: waits ? { kind: 'wait' } : { kind: 'provision' }, ...unchanged };
  }
  if (lease.state === 'provisioning') return { step: { kind: 'start' }, ...unchanged };
  if (!view.observed) return { step: { kind: 'wait' }, ...unchanged };
  const { status, segments, meter } = view.observed;
  const { changed, gpuSecondsRun } = meterReport(lease, segments, status, meter);
  return { step: followStep(lease, status, gpuSecondsRun, view), segments: changed, gpuSecondsRun };
}

function followStep(lease: Lease, status: ComputeStatus, gpuSecondsRun: number, view: LeaseView): LeaseStep {
  const { nowMs } = view;
  if (status.state === 'stopped' || status.state === 'failed') {
    const atMs = status.stoppedAtMs ?? nowMs;
    if (lease.state === 'preempting') {
      const to = lease.tier === 'batch' ? 'pending' : 'preempted';
      return { kind: 'move', to, atMs, reason: 'preemption notice ran out', stopFirst: false };
    }
    if (status.state === 'failed') {
      const reason = status.message ?? 'the node reports the workload failed';
      return { kind: 'move', to: 'failed', atMs, reason, stopFirst: false };
    }
    return {
      kind: 'move',
      to: 'completed',
      atMs,
      reason: status.message ?? 'the workload ended',
      stopFirst: false,
    };
  }
  if (lease.termEndsAtMs !== undefined && nowMs >= lease.termEndsAtMs) {
    return { kind: 'finish', reason: 'reserved term ended' };
  }
  if (lease.batch && gpuSecondsRun >= lease.batch.gpuHours * 3600) {
    return { kind: 'finish', reason: `ran its ${lease.batch.gpuHours} GPU-hours` };
  }
  if (lease.tier === 'batch' && lease.state === 'running' && !planRuns(view.plannedBatchGpus)) {
    return { kind: 'pause', reason: 'paused: the allocator runs this job in cheaper hours' };
  }
  return { kind: 'wait' };
}
