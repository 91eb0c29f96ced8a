import { computeBackendError } from './compute-backend-error.ts';
import type {
  ComputeNode,
  GpuNodeDriver,
  NodeSnapshot,
  NodeWorkload,
  StartWorkload,
} from './gpu-node-driver.ts';

/** A pool of in-memory GPU nodes: `gpus` cut into nodes of `gpusPerNode` (the last may be smaller). */
export interface MemoryGpuPool {
  readonly siteId: string;
  readonly groupId: string;
  readonly gpus: number;
  /** Default 8. */
  readonly gpusPerNode?: number;
  /** W per GPU at full load. Default 700. */
  readonly wattsPerGpu?: number;
  /** W per GPU with nothing running. Default 90. */
  readonly idleWattsPerGpu?: number;
}

interface MemoryNode {
  readonly gpus: number;
  readonly wattsPerGpu: number;
  readonly idleWattsPerGpu: number;
  /** Workloads by id, in start order (stopped ones kept). */
  readonly workloads: Map<string, NodeWorkload>;
}

/**
 * GPU nodes in memory, driven like the node API (the fake compute backend's nodes): workloads start
 * on free GPUs, stop by id, and a preemption stops its workload when the notice runs out, seen the
 * next time anything reads the node. Power per GPU = idle + (full - idle) x utilisation. Time comes
 * only from `now`.
 */
export class MemoryGpuNodes implements GpuNodeDriver {
  readonly inventory: readonly ComputeNode[];
  private readonly nodes = new Map<string, MemoryNode>();

  constructor(
    pools: readonly MemoryGpuPool[],
    readonly now: () => number,
  ) {
    const inventory: ComputeNode[] = [];
    for (const pool of pools) {
      const perNode = pool.gpusPerNode ?? 8;
      for (let n = 0, left = pool.gpus; left > 0; n += 1, left -= perNode) {
        const nodeId = `${pool.siteId}/${pool.groupId}/${n}`;
        const gpus = Math.min(perNode, left);
        inventory.push({
          nodeId,
          siteId: pool.siteId,
          groupId: pool.groupId,
          url: `memory://${nodeId}`,
          gpus,
        });
        this.nodes.set(nodeId, {
          gpus,
          wattsPerGpu: pool.wattsPerGpu ?? 700,
          idleWattsPerGpu: pool.idleWattsPerGpu ?? 90,
          workloads: new Map(),
        });
      }
    }
    this.inventory = inventory;
  }

  async read(node: ComputeNode): Promise<NodeSnapshot> {
    const state = this.advance(node);
    const gpus: { powerW: number; workloadId: string | null }[] = [];
    for (const workload of state.workloads.values()) {
      const powerW =
        state.idleWattsPerGpu + (state.wattsPerGpu - state.idleWattsPerGpu) * workload.utilisation;
      for (const _ of workload.gpus) gpus.push({ powerW, workloadId: workload.id });
    }
    const freeGpus = state.gpus - gpus.length;
    for (let i = 0; i < freeGpus; i++) gpus.push({ powerW: state.idleWattsPerGpu, workloadId: null });
    const all = [...state.workloads.values()];
    return {
      nowMs: this.now(),
      freeGpus,
      gpus,
      workloads: [...all.filter((w) => w.state !== 'stopped'), ...all.filter((w) => w.state === 'stopped')],
    };
  }

  async start(node: ComputeNode, request: StartWorkload): Promise<NodeWorkload> {
    const state = this.advance(node);
    const existing = state.workloads.get(request.id);
    if (existing && existing.state !== 'stopped') {
      throw computeBackendError(
        `GPU node ${node.nodeId}: workload ${request.id} is already ${existing.state}`,
      );
    }
    const held = new Set([...state.workloads.values()].flatMap((w) => w.gpus));
    const free = Array.from({ length: state.gpus }, (_, i) => i).filter((i) => !held.has(i));
    if (free.length < request.gpus) {
      throw computeBackendError(`GPU node ${node.nodeId}: ${request.gpus} GPU(s) asked, ${free.length} free`);
    }
    const workload: NodeWorkload = {
      id: request.id,
      state: 'running',
      gpus: free.slice(0, request.gpus),
      utilisation: request.utilisation,
      startedAtMs: this.now(),
      preemptAtMs: null,
      stoppedAtMs: null,
      stopReason: null,
    };
    state.workloads.delete(request.id);
    state.workloads.set(request.id, workload);
    return workload;
  }

  async stop(node: ComputeNode, workloadId: string): Promise<NodeWorkload | null> {
    const state = this.advance(node);
    const workload = state.workloads.get(workloadId);
    if (!workload) return null;
    if (workload.state === 'stopped') return workload;
    return this.release(state, workload, this.now(), 'stopped');
  }

  async preempt(node: ComputeNode, workloadId: string, noticeS: number): Promise<NodeWorkload | null> {
    const state = this.advance(node);
    const workload = state.workloads.get(workloadId);
    if (!workload || workload.state === 'stopped') return null;
    const at = this.now() + noticeS * 1000;
    const preemptAtMs = workload.preemptAtMs === null ? at : Math.min(workload.preemptAtMs, at);
    state.workloads.set(workloadId, { ...workload, state: 'preempting', preemptAtMs });
    return this.advance(node).workloads.get(workloadId) ?? null;
  }

  /** The node, with every preemption whose notice ran out ended. */
  private advance(node: ComputeNode): MemoryNode {
    const state = this.nodes.get(node.nodeId);
    if (!state) throw computeBackendError(`GPU node ${node.nodeId} does not exist`, { nodeId: node.nodeId });
    for (const workload of state.workloads.values()) {
      if (
        workload.state === 'preempting' &&
        workload.preemptAtMs !== null &&
        workload.preemptAtMs <= this.now()
      ) {
        this.release(state, workload, workload.preemptAtMs, 'preempted');
      }
    }
    return state;
  }

  private release(state: MemoryNode, workload: NodeWorkload, atMs: number, reason: 'stopped' | 'preempted') {
    const stopped: NodeWorkload = {
      ...workload,
      state: 'stopped',
      gpus: [],
      utilisation: 0,
      stoppedAtMs: atMs,
      stopReason: reason,
    };
    state.workloads.set(workload.id, stopped);
    return stopped;
  }
}
