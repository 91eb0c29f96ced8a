import type { ComputePlacement, ComputeRequest, ComputeStatus } from '../../core/ports/compute-backend.ts';
import { computeBackendError } from './compute-backend-error.ts';
import { MemoryGpuNodes, type MemoryGpuPool } from './memory-gpu-nodes.ts';
import { NodePoolComputeBackend } from './node-pool-compute-backend.ts';

export type FakeComputeOperation =
  | 'freeGpus'
  | 'provision'
  | 'start'
  | 'stop'
  | 'preempt'
  | 'status'
  | 'adopt';

export interface FakeComputeBackendOptions {
  readonly pools: readonly MemoryGpuPool[];
  /** Where the manual clock starts, epoch ms. Default 2025-01-01T00:00:00Z. */
  readonly startMs?: number;
}

interface Failure {
  readonly operation: FakeComputeOperation;
  readonly leaseId: string | undefined;
  times: number;
}

/** Shared by a fake and its `restarted()` copies: the nodes and the clock. */
class FakeWorld {
  nowMs: number;
  readonly nodes: MemoryGpuNodes;
  constructor(options: FakeComputeBackendOptions) {
    this.nowMs = options.startMs ?? Date.UTC(2025, 0, 1);
    this.nodes = new MemoryGpuNodes(options.pools, () => this.nowMs);
  }
}

/**
 * The compute backend in memory, for tests: pools of in-memory GPU nodes (`<site>/<group>/<n>`,
 * 8 GPUs each by default), a manual clock, and the same lease behaviour as `NodeApiComputeBackend`
 * (both are `NodePoolComputeBackend`s). A preemption stops its lease once the clock passes the notice
 * (seen on the next read). `withFailure` makes operations throw `SY_ERR_COMPUTE_BACKEND`.
 */
export class FakeComputeBackend extends NodePoolComputeBackend {
  private readonly world: FakeWorld;
  private readonly failures: Failure[] = [];

  constructor(options: FakeComputeBackendOptions | FakeWorld) {
    const world = options instanceof FakeWorld ? options : new FakeWorld(options);
    super(world.nodes.inventory, world.nodes, () => world.nowMs);
    this.world = world;
  }

  /** The manual clock, epoch ms. */
  now(): number {
    return this.world.nowMs;
  }

  advance(ms: number): this {
    this.world.nowMs += ms;
    return this;
  }

  setNow(ms: number): this {
    this.world.nowMs = ms;
    return this;
  }

  /** Makes `operation` throw (for `leaseId` only when given), `times` times (default: until cleared). */
  withFailure(operation: FakeComputeOperation, leaseId?: string, times = Number.POSITIVE_INFINITY): this {
    this.failures.push({ operation, leaseId, times });
    return this;
  }

  withoutFailures(): this {
    this.failures.length = 0;
    return this;
  }

  /** A new backend over the same nodes and clock that remembers no lease (a process restart). */
  restarted(): FakeComputeBackend {
    return new FakeComputeBackend(this.world);
  }

  override async freeGpus(siteId: string, groupId: string): Promise<number> {
    this.fail('freeGpus', undefined);
    return super.freeGpus(siteId, groupId);
  }

  override async provision(request: ComputeRequest): Promise<readonly ComputePlacement[]> {
    this.fail('provision', request.leaseId);
    return super.provision(request);
  }

  override async start(leaseId: string): Promise<ComputeStatus> {
    this.fail('start', leaseId);
    return super.start(leaseId);
  }

  override async stop(leaseId: string): Promise<ComputeStatus> {
    this.fail('stop', leaseId);
    return super.stop(leaseId);
  }

  override async preempt(leaseId: string, noticeMs: number): Promise<ComputeStatus> {
    this.fail('preempt', leaseId);
    return super.preempt(leaseId, noticeMs);
  }

  override async status(leaseId: string): Promise<ComputeStatus> {
    this.fail('status', leaseId);
    return super.status(leaseId);
  }

  override async adopt(
    leaseId: string,
    request: ComputeRequest,
    placements: readonly ComputePlacement[],
  ): Promise<ComputeStatus> {
    this.fail('adopt', leaseId);
    return super.adopt(leaseId, request, placements);
  }

  private fail(operation: FakeComputeOperation, leaseId: string | undefined): void {
    const failure = this.failures.find(
      (f) => f.operation === operation && f.times > 0 && (f.leaseId === undefined || f.leaseId === leaseId),
    );
    if (!failure) return;
    failure.times -= 1;
    throw computeBackendError(
      `injected failure: ${operation}${leaseId === undefined ? '' : ` ${leaseId}`}`,
      leaseId === undefined ? {} : { leaseId },
    );
  }
}
