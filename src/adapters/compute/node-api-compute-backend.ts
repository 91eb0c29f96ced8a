import type { ComputeNode } from './gpu-node-driver.ts';
import { HttpGpuNodeDriver } from './http-gpu-node-driver.ts';
import { NodePoolComputeBackend } from './node-pool-compute-backend.ts';

export interface NodeApiComputeBackendOptions {
  /** The GPU nodes, each in one pool (`siteId/groupId`); see `inventoryFromGpuNodeEndpoints`. */
  readonly nodes: readonly ComputeNode[];
  /** The backend's clock, epoch ms (statuses use the nodes' clocks whenever a node reports). */
  readonly now: () => number;
  /** Per HTTP request. Default 5000. */
  readonly timeoutMs?: number;
}

/**
 * The compute backend over the GPU node agents' HTTP API (the GPU node emulator serves it):
 * `GET /v1/node` to see free GPUs, power and workloads; `POST /v1/workloads` to start a lease's
 * workload (`<leaseId>.<n>`, one per node); `DELETE /v1/workloads/:id` to stop it;
 * `POST /v1/workloads/:id/preempt` to give notice. Behaviour: `NodePoolComputeBackend`; after a
 * process restart, `adopt(leaseId, request, placements)` with the placements stored for the lease.
 */
export class NodeApiComputeBackend extends NodePoolComputeBackend {
  constructor(options: NodeApiComputeBackendOptions) {
    super(options.nodes, new HttpGpuNodeDriver(options.timeoutMs ?? 5000), options.now);
  }
}
