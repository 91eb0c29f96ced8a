/** A workload running on a GPU node, as the compute backend (Slurm/Kubernetes) reports it. */
export interface GpuWorkload {
  readonly id: string;
  /** True for interruptible (spot-like) leases and batch jobs that may be slowed or preempted. */
  readonly interruptible: boolean;
}

/** One reading of a GPU node (all its GPUs together). */
export interface GpuNodeReading {
  /** GPUs in the node. */
  readonly gpuCount: number;
  /** W drawn by the node's GPUs now; null when not reported. */
  readonly powerW: number | null;
  /** W the node's GPUs are limited to now (sum of the per-GPU limits); null when not reported. */
  readonly powerLimitW: number | null;
  /** Lowest power limit the GPUs accept, W (sum over the node). */
  readonly minPowerLimitW: number;
  /** Default (highest) power limit, W (sum over the node). */
  readonly maxPowerLimitW: number;
  /** Mean GPU utilisation, 0-1; null when not reported. */
  readonly utilisation: number | null;
  /** Hottest GPU, deg C; null when not reported. */
  readonly maxTempC: number | null;
  readonly workloads: readonly GpuWorkload[];
}

/**
 * The site's GPU nodes as the agent sees them. The agent only reads them and sets power limits;
 * leases and jobs are driven by the marketplace through the compute backend, not by the agent.
 * Implementations: a compute-backend adapter (nvidia-smi / DCGM over the node agent) and
 * FakeGpuNodes (tests).
 */
export interface GpuNodeAccess {
  /** The nodes this agent reports, in a stable order. */
  ids(): readonly string[];
  /** Throws when the node cannot be read. */
  read(nodeId: string): Promise<GpuNodeReading>;
  /** Sets the node's total GPU power limit, W (spread evenly over its GPUs by the implementation). */
  setPowerLimit(nodeId: string, watts: number): Promise<void>;
}
