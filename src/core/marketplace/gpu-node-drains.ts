import type { SitePlan } from '../allocator/site-plan.ts';
import type { SitePlanInput } from '../allocator/site-plan-input.ts';

/**
 * A site short of power takes GPU nodes out of service the scheduler's way: drained nodes take no
 * new work, and the work on them runs on (committed work is never killed by a drain; interruptible
 * work is preempted with notice, separately). When power returns, the nodes are resumed.
 */

/** GPUs a pool may power per the allocator's first interval; null when it is not short of power. */
export function poweredGpus(input: SitePlanInput, plan: SitePlan, groupId: string): number | null {
  const first = plan.decisions[0];
  const group = input.gpuGroups.find((g) => g.id === groupId);
  if (!first || !group) return null;
  const wanted = group.interruptibleGpus[0] ?? 0;
  const served = first.interruptibleGpus[groupId] ?? 0;
  // Not short of power: the plan serves every interruptible GPU that is wanted (LP values: a tolerance).
  if (served + 1e-6 >= wanted) return null;
  const batch = input.batchJobs
    .filter((job) => job.gpuGroupId === groupId)
    .reduce((sum, job) => sum + (first.batchGpus[job.id] ?? 0), 0);
  return Math.ceil((group.committedGpus[0] ?? 0) + served + batch - 1e-6);
}

export interface GpuNodeUse {
  readonly nodeId: string;
  readonly gpus: number;
  /** GPUs its running work holds now. */
  readonly heldGpus: number;
  /** Drained by a power decision (not by an operator). */
  readonly drained: boolean;
}

/**
 * Which nodes to drain and which to resume so that the nodes left in service can run `powered` GPUs
 * (null: every node in service). The busiest nodes stay in service (ties: inventory order); the rest
 * are drained, their running work left alone.
 */
export function chooseNodeDrains(
  nodes: readonly GpuNodeUse[],
  powered: number | null,
): { readonly drain: string[]; readonly resume: string[] } {
  if (powered === null) return { drain: [], resume: nodes.filter((n) => n.drained).map((n) => n.nodeId) };
  const keep = new Set<string>();
  let capacity = 0;
  const busiestFirst = nodes
    .map((node, index) => ({ node, index }))
    .sort((a, b) => b.node.heldGpus - a.node.heldGpus || a.index - b.index);
  for (const { node } of busiestFirst) {
    if (capacity >= powered) break;
    keep.add(node.nodeId);
    capacity += node.gpus;
  }
  return {
    drain: nodes.filter((n) => !keep.has(n.nodeId) && !n.drained).map((n) => n.nodeId),
    resume: nodes.filter((n) => keep.has(n.nodeId) && n.drained).map((n) => n.nodeId),
  };
}
