import type { MeterSegment } from './marketplace-types.ts';

/** One job of a lease as the scheduler's accounting records it. */
export interface SchedulerUsage {
  readonly jobId: string;
  /** Epoch ms (whole seconds in Slurm). */
  readonly startMs: number;
  /** Epoch ms; null while it runs. */
  readonly endMs: number | null;
  readonly gpus: number;
}

export interface UsageReconciliation {
  readonly leaseId: string;
  /** GPU-seconds on the lease's invoice lines (whole seconds per segment x GPUs, as invoiced). */
  readonly billedGpuSeconds: number;
  /** GPU-seconds the scheduler's accounting holds for the lease's jobs. */
  readonly schedulerGpuSeconds: number;
  /** billed - scheduler: 0 when they agree; anything else is an alert. */
  readonly differenceGpuSeconds: number;
  /** Whether every job has ended in the accounting (a running lease's figures still move). */
  readonly final: boolean;
}

/**
 * Compares what a lease is billed for (its meter segments, counted as `buildInvoice` counts them)
 * with what the scheduler's accounting says its jobs held: start to end x GPUs per job, a job still
 * running counted to `atMs`.
 */
export function reconcileUsage(
  leaseId: string,
  segments: readonly MeterSegment[],
  usage: readonly SchedulerUsage[],
  atMs: number,
): UsageReconciliation {
  const billed = segments
    .filter((s) => s.leaseId === leaseId)
    .reduce((sum, s) => sum + Math.floor((s.toMs - s.fromMs) / 1000) * s.gpus, 0);
  const held = usage
    .filter((u) => u.startMs > 0)
    .reduce((sum, u) => sum + Math.floor(Math.max(0, (u.endMs ?? atMs) - u.startMs) / 1000) * u.gpus, 0);
  return {
    leaseId,
    billedGpuSeconds: billed,
    schedulerGpuSeconds: held,
    differenceGpuSeconds: billed - held,
    final: usage.every((u) => u.endMs !== null),
  };
}
