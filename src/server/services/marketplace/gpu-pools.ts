import type { Fleet } from '../../../core/fleet/index.ts';
import type { GpuPool } from '../../../core/marketplace/index.ts';

export const DEFAULT_GPUS_PER_NODE = 8;
export const DEFAULT_PREEMPT_NOTICE_SECONDS = 120;

/** The fleet's GPU groups as leasable pools. */
export function poolsOfFleet(fleet: Fleet): GpuPool[] {
  return fleet.sites.flatMap((site) =>
    site.gpuNodes.map((group) => ({
      siteId: site.id,
      groupId: group.id,
      region: site.region,
      gpuModel: group.model,
      totalGpus: group.count,
      gpusPerNode: group.gpusPerNode ?? DEFAULT_GPUS_PER_NODE,
      preemptNoticeSeconds: group.preemptNoticeSeconds ?? DEFAULT_PREEMPT_NOTICE_SECONDS,
    })),
  );
}
