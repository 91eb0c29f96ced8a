import type { ComputeNode } from './gpu-node-driver.ts';

/** What the fleet sim publishes per GPU node (its `SimGpuNodeEndpoint` has these fields). */
export interface GpuNodeEndpointLike {
  readonly id: string;
  readonly siteId: string;
  readonly groupId: string;
  readonly url: string;
  readonly gpus: number;
}

/** The compute backend's inventory from GPU node endpoints (e.g. `FleetSim.sites[].gpuNodes`). */
export function inventoryFromGpuNodeEndpoints(endpoints: readonly GpuNodeEndpointLike[]): ComputeNode[] {
  return endpoints.map((endpoint) => ({
    nodeId: endpoint.id,
    siteId: endpoint.siteId,
    groupId: endpoint.groupId,
    url: endpoint.url,
    gpus: endpoint.gpus,
  }));
}
