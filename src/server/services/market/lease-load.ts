import type { BatchJob } from '../../../core/allocator/site-plan-input.ts';
import type { Lease } from '../../../core/marketplace/index.ts';

/**
 * A batch lease as a job for the site LP over the planning grid: the GPU-hours still to run, due
 * by the deadline. When the deadline is past the horizon, only the part that could not fit after
 * the horizon (running all its GPUs) must run within it, so the allocator may wait for cheap hours.
 */
export function batchJobOf(
  lease: Lease,
  grid: { startMs: number; intervalMinutes: number; intervals: number },
  gpuSecondsRun: number,
): BatchJob | undefined {
  if (!lease.batch) return undefined;
  const intervalMs = grid.intervalMinutes * 60_000;
  const remaining = Math.max(0, lease.batch.gpuHours - gpuSecondsRun / 3600);
  if (remaining <= 0) return undefined;
  const horizonEndMs = grid.startMs + grid.intervals * intervalMs;
  const deadlineInterval = Math.max(
    0,
    Math.min(grid.intervals, Math.floor((lease.batch.deadlineMs - grid.startMs) / intervalMs)),
  );
  const hoursAfterHorizon = Math.max(0, (lease.batch.deadlineMs - horizonEndMs) / 3_600_000);
  const canRunAfter = hoursAfterHorizon * lease.gpus;
  const dueWithinHorizon = Math.max(0, remaining - canRunAfter);
  const canRunWithin = (deadlineInterval * intervalMs * lease.gpus) / 3_600_000;
  if (deadlineInterval === 0) return undefined;
  return {
    id: lease.id,
    gpuGroupId: lease.groupId,
    // Never ask for more than the window can hold: an infeasible site plan helps no one.
    gpuHours: Math.min(dueWithinHorizon, canRunWithin),
    deadlineInterval,
    maxGpus: lease.gpus,
    usdPerGpuHour: lease.rateCentsPerGpuHour / 100,
  };
}
