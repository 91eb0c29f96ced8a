import type { SitePlan } from '../../../core/allocator/site-plan.ts';
import type { SitePlanInput } from '../../../core/allocator/site-plan-input.ts';
import { poweredGpus } from '../../../core/marketplace/index.ts';
import type { ComputeBackend } from '../../../core/ports/compute-backend.ts';
import type { Storage } from '../../../core/ports/storage.ts';

/**
 * The allocator's power decision for each GPU pool of a site, handed to the compute backend (Slurm
 * drains the nodes beyond the powered GPUs and resumes them when power returns); each change is
 * audited (`gpu-pool.power`). Backends without `powerPool` are left alone.
 */
export async function applyPoolPower(
  compute: ComputeBackend,
  storage: Storage,
  atMs: number,
  input: SitePlanInput,
  plan: SitePlan,
): Promise<void> {
  if (!compute.powerPool) return;
  for (const group of input.gpuGroups) {
    const powered = poweredGpus(input, plan, group.id);
    const change = await compute.powerPool(input.siteId, group.id, powered);
    if (change.drained.length === 0 && change.resumed.length === 0) continue;
    await storage.audit.append({
      atMs,
      actor: 'system',
      action: 'gpu-pool.power',
      target: `gpu-pool:${input.siteId}/${group.id}`,
      details: { poweredGpus: powered, ...change, reason: plan.explanation[0] ?? 'site plan' },
    });
  }
}
