import type { BatchJob } from '../../../core/allocator/site-plan-input.ts';
import type { SiteGpuLoad } from '../../../core/backtest/plan-fleet-at.ts';
import type { Lease } from '../../../core/marketplace/index.ts';

export interface PlanningGrid {
  readonly startMs: number;
  readonly intervalMinutes: number;
  readonly intervals: number;
}

/**
 * A site's active leases as load for its plan: on-demand and reserved GPUs must run; interruptible
 * GPUs (not already under notice) may, at their mean rate; batch leases are jobs due by a deadline.
 */
export function siteGpuLoad(
  leases: readonly Lease[],
  grid: PlanningGrid,
  gpuSecondsRun: (leaseId: string) => number,
): SiteGpuLoad {
  const groups: Record<string, { committedGpus: number; interruptibleGpus: number; usd: number }> = {};
  const batchJobs: BatchJob[] = [];
  for (const lease of leases) {
    groups[lease.groupId] ??= { committedGpus: 0, interruptibleGpus: 0, usd: 0 };
    const g = groups[lease.groupId]!;
    if (lease.tier === 'batch') {
      const job = batchJobOf(lease, grid, gpuSecondsRun(lease.id));
      if (job) batchJobs.push(job);
    } else if (lease.tier === 'interruptible') {
      if (lease.state === 'preempting') continue;
      g.usd += (lease.rateCentsPerGpuHour / 100) * lease.gpus;
      g.interruptibleGpus += lease.gpus;
    } else {
      g.committedGpus += lease.gpus;
    }
  }
  return {
    groups: Object.fromEntries(
      Object.entries(groups).map(([id, g]) => [
        id,
        {
          committedGpus: g.committedGpus,
          interruptibleGpus: g.interruptibleGpus,
          interruptibleUsdPerGpuHour: g.interruptibleGpus > 0 ? g.usd / g.interruptibleGpus : 0,
        },
      ]),
    ),
    batchJobs,
  };
}

/**
 * A batch lease as a job for the site LP over the planning grid: the GPU-hours still to run, due
 * by the deadline. When the deadline is past the horizon, only the part that could not fit after
 * the horizon (running all its GPUs) must run within it, so the allocator may wait for cheap hours.
 */
export function batchJobOf(lease: Lease, grid: PlanningGrid, gpuSecondsRun: number): BatchJob | undefined {
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
