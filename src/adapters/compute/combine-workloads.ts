import type { ComputePlacement, ComputeState, ComputeStatus } from '../../core/ports/compute-backend.ts';
import type { NodeWorkload } from './gpu-node-driver.ts';

/** One placement of a lease and what its node says about it. */
export interface PlacementReading {
  readonly placement: ComputePlacement;
  /** `undefined` when the node does not know the workload. */
  readonly workload: NodeWorkload | undefined;
  /** W of the GPUs the workload holds now. */
  readonly powerW: number;
}

export interface CombineOptions {
  readonly leaseId: string;
  /** The backend stopped the lease itself (so workloads the nodes forgot are stopped, not lost). */
  readonly stoppedByBackend: boolean;
  /** When the backend stopped it, for workloads the nodes no longer know. */
  readonly stoppedAtMs: number | null;
  /** The latest node clock among the readings. */
  readonly reportedAtMs: number;
}

const min = (values: readonly number[]) => (values.length === 0 ? null : Math.min(...values));
const max = (values: readonly number[]) => (values.length === 0 ? null : Math.max(...values));

/**
 * One lease status from its workloads on several nodes: stopped when all are stopped; failed when a
 * node lost a workload or one was stopped (not preempted) while others run; preempting while any is
 * under notice; running otherwise. Times: earliest start, latest stop, earliest preemption.
 * Utilisation is the mean over the lease's GPUs; power the sum over the GPUs its workloads hold.
 */
export function combineWorkloads(
  readings: readonly PlacementReading[],
  options: CombineOptions,
): ComputeStatus {
  const present = readings.flatMap((r) => (r.workload ? [{ ...r, workload: r.workload }] : []));
  const lost = readings.filter((r) => r.workload === undefined);
  const workloads = present.map((r) => r.workload);
  const killed = workloads.filter((w) => w.state === 'stopped' && w.stopReason !== 'preempted');
  let state: ComputeState;
  let message: string | undefined;
  if (workloads.every((w) => w.state === 'stopped') && (lost.length === 0 || options.stoppedByBackend)) {
    state = 'stopped';
    if (workloads.some((w) => w.stopReason === 'preempted')) message = 'preempted';
  } else if (lost.length > 0) {
    state = 'failed';
    message = `node ${lost[0]!.placement.nodeId} does not know workload ${lost[0]!.placement.workloadId}`;
  } else if (killed.length > 0) {
    state = 'failed';
    message = `workload ${killed[0]!.id} stopped while the others run`;
  } else if (workloads.some((w) => w.state !== 'running')) {
    state = 'preempting';
  } else {
    state = 'running';
  }
  const gpus = present.reduce((sum, r) => sum + r.placement.gpus, 0);
  const stoppedAt = [...workloads.flatMap((w) => (w.stoppedAtMs === null ? [] : [w.stoppedAtMs]))];
  if (lost.length > 0 && options.stoppedAtMs !== null) stoppedAt.push(options.stoppedAtMs);
  return {
    leaseId: options.leaseId,
    state,
    startedAtMs: min(workloads.map((w) => w.startedAtMs)),
    stoppedAtMs: state === 'stopped' ? (max(stoppedAt) ?? options.stoppedAtMs) : null,
    preemptAtMs: min(workloads.flatMap((w) => (w.preemptAtMs === null ? [] : [w.preemptAtMs]))),
    utilisation:
      gpus === 0
        ? null
        : present.reduce((sum, r) => sum + r.workload.utilisation * r.placement.gpus, 0) / gpus,
    powerW: present.length === 0 ? null : present.reduce((sum, r) => sum + r.powerW, 0),
    reportedAtMs: options.reportedAtMs,
    ...(message === undefined ? {} : { message }),
  };
}
