import type {
  ComputeBackend,
  ComputePlacement,
  ComputeRequest,
  ComputeStatus,
} from '../../core/ports/compute-backend.ts';
import { computeBackendError } from './compute-backend-error.ts';

/**
 * A compute backend whose GPU nodes are attached after the server starts (the demo's simulated
 * fleet comes up after the control plane). Until then no GPU is free and every action is refused.
 */
export class DeferredComputeBackend implements ComputeBackend {
  private target: ComputeBackend | undefined;

  attach(backend: ComputeBackend): void {
    this.target = backend;
  }

  private get backend(): ComputeBackend {
    if (!this.target) throw computeBackendError('no GPU nodes are attached yet');
    return this.target;
  }

  async freeGpus(siteId: string, groupId: string): Promise<number> {
    return this.target ? this.target.freeGpus(siteId, groupId) : 0;
  }
  async provision(request: ComputeRequest): Promise<readonly ComputePlacement[]> {
    return this.backend.provision(request);
  }
  async start(leaseId: string): Promise<ComputeStatus> {
    return this.backend.start(leaseId);
  }
  async stop(leaseId: string): Promise<ComputeStatus> {
    return this.backend.stop(leaseId);
  }
  async preempt(leaseId: string, noticeMs: number): Promise<ComputeStatus> {
    return this.backend.preempt(leaseId, noticeMs);
  }
  async status(leaseId: string): Promise<ComputeStatus> {
    return this.backend.status(leaseId);
  }
  async adopt(
    leaseId: string,
    request: ComputeRequest,
    placements: readonly ComputePlacement[],
  ): Promise<ComputeStatus> {
    const adopt = this.backend.adopt;
    if (!adopt) return this.backend.status(leaseId);
    return adopt.call(this.backend, leaseId, request, placements);
  }
}
