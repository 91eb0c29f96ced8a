import type { ComputePlacement, ComputeRequest } from '../../core/ports/compute-backend.ts';
import { computeBackendError } from './compute-backend-error.ts';
import type { ComputeNode } from './gpu-node-driver.ts';

/** Throws `SY_ERR_COMPUTE_BACKEND` for a request no backend can run. */
export function checkRequest(request: ComputeRequest): void {
  const { leaseId, gpus, expectedUtilisation } = request;
  const problem =
    typeof leaseId !== 'string' || leaseId.trim() === ''
      ? 'a lease id is required'
      : !Number.isInteger(gpus) || gpus <= 0
        ? `gpus must be a positive integer, got ${gpus}`
        : expectedUtilisation !== undefined && !(expectedUtilisation > 0 && expectedUtilisation <= 1)
          ? `expectedUtilisation must be in (0, 1], got ${expectedUtilisation}`
          : null;
  if (problem) throw computeBackendError(`lease ${leaseId}: ${problem}`, { leaseId });
}

/** Throws `SY_ERR_COMPUTE_BACKEND` unless the stored placements fit the request and the inventory. */
export function checkAdoption(
  leaseId: string,
  request: ComputeRequest,
  placements: readonly ComputePlacement[],
  nodes: ReadonlyMap<string, ComputeNode>,
): void {
  const fail = (problem: string) => {
    throw computeBackendError(`adopt ${leaseId}: ${problem}`, { leaseId });
  };
  if (request.leaseId !== leaseId) fail(`the request is for lease ${request.leaseId}`);
  if (placements.length === 0) fail('no placements');
  for (const p of placements) {
    const node = nodes.get(p.nodeId);
    if (!node) fail(`unknown GPU node ${p.nodeId}`);
    else if (node.siteId !== request.siteId || node.groupId !== request.groupId) {
      fail(`node ${p.nodeId} is not in pool ${request.siteId}/${request.groupId}`);
    }
    if (!Number.isInteger(p.gpus) || p.gpus <= 0) fail(`placement on ${p.nodeId} has ${p.gpus} GPU(s)`);
    if (typeof p.workloadId !== 'string' || p.workloadId === '')
      fail(`placement on ${p.nodeId} has no workload id`);
  }
  const total = placements.reduce((sum, p) => sum + p.gpus, 0);
  if (total !== request.gpus) fail(`placements hold ${total} GPU(s), the request ${request.gpus}`);
}
