import type { ComputeRequest } from '../../core/ports/compute-backend.ts';

/**
 * What a compute backend needs from one GPU node: its snapshot, and starting, stopping and
 * preempting workloads by id. `HttpGpuNodeDriver` speaks the node agents' HTTP API;
 * `MemoryGpuNodes` keeps nodes in memory for `FakeComputeBackend`. Every failure is a
 * `SwitchyardError` `SY_ERR_COMPUTE_BACKEND` naming the node, with the cause kept.
 */

/** One GPU node of the inventory: which pool (`siteId/groupId`) it serves and where its API is. */
export interface ComputeNode {
  readonly nodeId: string;
  readonly siteId: string;
  readonly groupId: string;
  /** Base URL of the node's API (`GET <url>/v1/node`). */
  readonly url: string;
  readonly gpus: number;
}

export type NodeWorkloadState = 'running' | 'preempting' | 'stopped';

/** A workload as its node reports it. */
export interface NodeWorkload {
  readonly id: string;
  readonly state: NodeWorkloadState;
  /** Indices of the GPUs it holds (empty once stopped). */
  readonly gpus: readonly number[];
  readonly utilisation: number;
  readonly startedAtMs: number;
  readonly preemptAtMs: number | null;
  readonly stoppedAtMs: number | null;
  readonly stopReason: 'stopped' | 'preempted' | null;
}

/** A node as it reports itself at one instant. */
export interface NodeSnapshot {
  /** The node's clock, epoch ms. */
  readonly nowMs: number;
  readonly freeGpus: number;
  readonly gpus: readonly { readonly powerW: number; readonly workloadId: string | null }[];
  /** Running and preempting workloads, then the recently stopped ones the node still keeps. */
  readonly workloads: readonly NodeWorkload[];
}

export interface StartWorkload {
  readonly id: string;
  readonly gpus: number;
  readonly utilisation: number;
  readonly interruptible: boolean;
  /** The lease it belongs to (drivers that submit to a scheduler use its tenant, tier and workload). */
  readonly lease?: ComputeRequest;
}

export interface GpuNodeDriver {
  read(node: ComputeNode): Promise<NodeSnapshot>;
  /** Refused (throws) when the id is in use or too few GPUs are free. */
  start(node: ComputeNode, workload: StartWorkload): Promise<NodeWorkload>;
  /** Stops it now; `null` when the node does not know the workload. Stopping a stopped one is fine. */
  stop(node: ComputeNode, workloadId: string): Promise<NodeWorkload | null>;
  /** Gives notice; `null` when the node does not know the workload or it has already stopped. */
  preempt(node: ComputeNode, workloadId: string, noticeS: number): Promise<NodeWorkload | null>;
}
