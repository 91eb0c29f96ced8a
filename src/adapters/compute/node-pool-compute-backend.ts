import type {
  ComputeBackend,
  ComputePlacement,
  ComputeRequest,
  ComputeStatus,
} from '../../core/ports/compute-backend.ts';
import { combineWorkloads } from './combine-workloads.ts';
import { computeBackendError, messageOf } from './compute-backend-error.ts';
import type { ComputeNode, GpuNodeDriver } from './gpu-node-driver.ts';
import { placeGpus } from './place-gpus.ts';
import { PoolLocks } from './pool-locks.ts';
import { PoolNodes } from './pool-nodes.ts';
import { checkAdoption, checkRequest } from './request-checks.ts';

/** A compute backend that can take back, after a process restart, the leases it placed before. */
export interface RestartableComputeBackend extends ComputeBackend {
  /** Re-attaches `leaseId` to the placements stored for it (from `provision`). */
  adopt(
    leaseId: string,
    request: ComputeRequest,
    placements: readonly ComputePlacement[],
  ): Promise<ComputeStatus>;
}

interface Lease {
  readonly request: ComputeRequest;
  readonly placements: readonly ComputePlacement[];
  /** `provisioned`: GPUs reserved in memory; `started`: the nodes hold them; `stopped`: released. */
  phase: 'provisioned' | 'started' | 'stopped';
  /** Its workloads were on the nodes at some point (a lease stopped before that never ran). */
  everStarted: boolean;
  /** When the backend stopped it (its own clock), for workloads the nodes no longer know. */
  stoppedAtMs: number | null;
  message?: string;
}

/**
 * A `ComputeBackend` over GPU nodes reached through a `GpuNodeDriver`. A provision picks nodes with
 * free GPUs (`placeGpus`) and reserves them in memory until the lease starts (then the nodes count
 * them), so provisions in a row never pick the same GPUs; the changes of one pool run one at a time.
 * Statuses come from the nodes. After a restart, `adopt` re-attaches a lease to its stored placements.
 */
export class NodePoolComputeBackend implements RestartableComputeBackend {
  private readonly pool: PoolNodes;
  private readonly leases = new Map<string, Lease>();
  private readonly locks = new PoolLocks();

  constructor(
    nodes: readonly ComputeNode[],
    driver: GpuNodeDriver,
    /** The backend's own clock (epoch ms), for what no node reports. */
    private readonly clock: () => number,
  ) {
    this.pool = new PoolNodes(nodes, driver);
  }

  /** GPUs free on the pool's nodes that answer, as the nodes see them (reservations not deducted). */
  async freeGpus(siteId: string, groupId: string): Promise<number> {
    const { snapshots } = await this.pool.readPool(siteId, groupId);
    return snapshots.reduce((sum, { snapshot }) => sum + snapshot.freeGpus, 0);
  }

  /** Provisioning a lease again with the same pool and size returns its placements. */
  async provision(request: ComputeRequest): Promise<readonly ComputePlacement[]> {
    checkRequest(request);
    const { leaseId, siteId, groupId, gpus } = request;
    return this.exclusive(request, async () => {
      const known = this.leases.get(leaseId);
      if (known) {
        const same = known.request.siteId === siteId && known.request.groupId === groupId;
        if (known.phase !== 'stopped' && same && known.request.gpus === gpus) return known.placements;
        throw computeBackendError(`lease ${leaseId} is already ${known.phase}`, { leaseId });
      }
      const { snapshots, failures } = await this.pool.readPool(siteId, groupId);
      const free = snapshots.map(({ node, snapshot }) => ({
        nodeId: node.nodeId,
        free: Math.max(0, snapshot.freeGpus - this.reserved(node.nodeId)),
      }));
      const shares = placeGpus(free, gpus);
      if (!shares) {
        const freeGpus = free.reduce((sum, node) => sum + node.free, 0);
        const silent = failures.length === 0 ? '' : ` (${failures.length} node(s) not answering)`;
        throw computeBackendError(
          `pool ${siteId}/${groupId}: ${freeGpus} GPU(s) free, ${gpus} wanted${silent}`,
          { leaseId, freeGpus, wantedGpus: gpus },
          failures[0],
        );
      }
      const placements = shares.map((share, n) => ({ ...share, workloadId: `${leaseId}.${n}` }));
      this.leases.set(leaseId, {
        request,
        placements,
        phase: 'provisioned',
        everStarted: false,
        stoppedAtMs: null,
      });
      return placements;
    });
  }

  /** Starts every workload; when one fails, stops those started and throws (the lease stays provisioned). */
  async start(leaseId: string): Promise<ComputeStatus> {
    const lease = this.lease(leaseId);
    const { request, placements } = lease;
    await this.exclusive(request, async () => {
      if (lease.phase === 'stopped') throw computeBackendError(`lease ${leaseId} is stopped`, { leaseId });
      if (lease.phase === 'started') return;
      const workload = (p: ComputePlacement) => ({
        id: p.workloadId,
        gpus: p.gpus,
        utilisation: request.expectedUtilisation ?? 0.9,
        interruptible: request.interruptible,
        lease: request,
      });
      const driver = this.pool.driver;
      const results = await Promise.allSettled(
        placements.map((p) => driver.start(this.pool.node(p.nodeId), workload(p))),
      );
      const failed = results.findIndex((result) => result.status === 'rejected');
      if (failed >= 0) {
        const started = placements.filter((_, i) => results[i]!.status === 'fulfilled');
        await Promise.allSettled(started.map((p) => driver.stop(this.pool.node(p.nodeId), p.workloadId)));
        const cause = (results[failed] as PromiseRejectedResult).reason;
        const nodeId = placements[failed]!.nodeId;
        lease.message = `start failed: ${messageOf(cause)}`;
        throw computeBackendError(
          `lease ${leaseId}: start failed on node ${nodeId} (${started.length} started workload(s) stopped again): ${messageOf(cause)}`,
          { leaseId, nodeId },
          cause,
        );
      }
      Object.assign(lease, { phase: 'started', everStarted: true, message: undefined });
    });
    return this.statusOf(lease);
  }

  async stop(leaseId: string): Promise<ComputeStatus> {
    const lease = this.lease(leaseId);
    await this.exclusive(lease.request, () => this.stopHeld(lease));
    return this.statusOf(lease);
  }

  /** Gives the workloads notice; a lease not started yet is stopped at once, a stopped one left alone. */
  async preempt(leaseId: string, noticeMs: number): Promise<ComputeStatus> {
    if (!(Number.isFinite(noticeMs) && noticeMs >= 0)) {
      throw computeBackendError(`preempt ${leaseId}: noticeMs must be a finite number >= 0`, { leaseId });
    }
    const lease = this.lease(leaseId);
    await this.exclusive(lease.request, async () => {
      if (lease.phase === 'provisioned') return this.stopHeld(lease);
      if (lease.phase === 'stopped') return;
      await this.pool.onEach(leaseId, lease.placements, 'preempt', (node, p) =>
        this.pool.driver.preempt(node, p.workloadId, noticeMs / 1000),
      );
    });
    return this.statusOf(lease);
  }

  async status(leaseId: string): Promise<ComputeStatus> {
    return this.statusOf(this.lease(leaseId));
  }

  /**
   * Re-attaches a lease this backend does not remember (after a restart) to the placements stored for
   * it: started when its nodes know any of its workloads, else provisioned (its GPUs reserved again).
   * Adopting a lease it remembers with the same placements is a no-op.
   */
  async adopt(
    leaseId: string,
    request: ComputeRequest,
    placements: readonly ComputePlacement[],
  ): Promise<ComputeStatus> {
    checkRequest(request);
    checkAdoption(leaseId, request, placements, this.pool.byId);
    return this.exclusive(request, async () => {
      const known = this.leases.get(leaseId);
      if (known) {
        if (samePlacements(known.placements, placements)) return known;
        throw computeBackendError(`lease ${leaseId} is already placed elsewhere`, { leaseId });
      }
      const snapshots = await this.pool.readPlacements(placements);
      const seen = placements.some((p) =>
        snapshots.get(p.nodeId)!.workloads.some((w) => w.id === p.workloadId),
      );
      const lease: Lease = {
        request,
        placements: [...placements],
        phase: seen ? 'started' : 'provisioned',
        everStarted: seen,
        stoppedAtMs: null,
      };
      this.leases.set(leaseId, lease);
      return lease;
    }).then((lease) => this.statusOf(lease));
  }

  private async statusOf(lease: Lease): Promise<ComputeStatus> {
    const { leaseId } = lease.request;
    if (!lease.everStarted) {
      return {
        leaseId,
        state: lease.phase === 'provisioned' ? 'provisioned' : 'stopped',
        startedAtMs: null,
        stoppedAtMs: lease.stoppedAtMs,
        preemptAtMs: null,
        utilisation: null,
        powerW: null,
        reportedAtMs: this.clock(),
        ...(lease.message === undefined ? {} : { message: lease.message }),
      };
    }
    const snapshots = await this.pool.readPlacements(lease.placements);
    const readings = lease.placements.map((placement) => {
      const snapshot = snapshots.get(placement.nodeId)!;
      const workload = snapshot.workloads.find((w) => w.id === placement.workloadId);
      const held = snapshot.gpus.filter((gpu) => gpu.workloadId === placement.workloadId);
      return { placement, workload, powerW: held.reduce((sum, gpu) => sum + gpu.powerW, 0) };
    });
    return combineWorkloads(readings, {
      leaseId,
      stoppedByBackend: lease.phase === 'stopped',
      stoppedAtMs: lease.stoppedAtMs,
      reportedAtMs: Math.max(...[...snapshots.values()].map((s) => s.nowMs)),
    });
  }

  private async stopHeld(lease: Lease): Promise<void> {
    if (lease.everStarted) {
      await this.pool.onEach(lease.request.leaseId, lease.placements, 'stop', (node, p) =>
        this.pool.driver.stop(node, p.workloadId),
      );
    }
    if (lease.phase !== 'stopped') lease.stoppedAtMs = this.clock();
    lease.phase = 'stopped';
  }

  /** GPUs reserved on a node for leases provisioned but not started. */
  private reserved(nodeId: string): number {
    let gpus = 0;
    for (const lease of this.leases.values()) {
      if (lease.phase !== 'provisioned') continue;
      for (const p of lease.placements) if (p.nodeId === nodeId) gpus += p.gpus;
    }
    return gpus;
  }

  private lease(leaseId: string): Lease {
    const lease = this.leases.get(leaseId);
    if (!lease) throw computeBackendError(`unknown lease ${leaseId}`, { leaseId });
    return lease;
  }

  /** The changes of one pool (`siteId/groupId`) run one at a time. */
  private exclusive<T>(pool: ComputeRequest, task: () => Promise<T>): Promise<T> {
    return this.locks.run(`${pool.siteId}/${pool.groupId}`, task);
  }
}

/** Same nodes, GPUs and workloads in the same order (field by field: stored copies may order keys differently). */
function samePlacements(a: readonly ComputePlacement[], b: readonly ComputePlacement[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.nodeId === b[i]!.nodeId && p.gpus === b[i]!.gpus && p.workloadId === b[i]!.workloadId)
  );
}
