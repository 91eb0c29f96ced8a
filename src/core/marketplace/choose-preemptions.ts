import { isInterruptible } from './lease-lifecycle.ts';
import type { Lease } from './marketplace-types.ts';

/**
 * Which interruptible leases to preempt to free `gpusToFree` GPUs: the cheapest first (they pay
 * least for the energy), then the newest (they lose the least work); never more leases than needed.
 * Leases already under notice count towards the GPUs freed.
 */
export function choosePreemptions(leases: readonly Lease[], gpusToFree: number): Lease[] {
  let needed = gpusToFree - leases.filter((l) => l.state === 'preempting').reduce((s, l) => s + l.gpus, 0);
  const chosen: Lease[] = [];
  const candidates = leases
    .filter((l) => l.state === 'running' && isInterruptible(l.tier))
    .sort((a, b) => a.rateCentsPerGpuHour - b.rateCentsPerGpuHour || b.createdAtMs - a.createdAtMs);
  for (const lease of candidates) {
    if (needed <= 0) break;
    chosen.push(lease);
    needed -= lease.gpus;
  }
  return chosen;
}
