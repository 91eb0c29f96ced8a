/**
 * The compute backend the marketplace drives leases through (Slurm, Kubernetes, or the GPU node
 * agents' own API). Implementations: `NodeApiComputeBackend` over the GPU node HTTP API (the
 * emulator speaks it), `SlurmComputeBackend` over a Slurm cluster and `FakeComputeBackend`; one
 * contract suite runs against all three.
 */
import type { LeaseWorkload } from '../marketplace/lease-workload.ts';
import type { Tier } from '../marketplace/marketplace-types.ts';

export interface ComputeRequest {
  readonly leaseId: string;
  readonly siteId: string;
  readonly groupId: string;
  readonly gpus: number;
  /** Interruptible leases and batch jobs: the node may be told to preempt them. */
  readonly interruptible: boolean;
  /** 0-1: how busy the tenant's workload keeps its GPUs (emulators use it; real nodes measure it). */
  readonly expectedUtilisation?: number;
  /** Who runs it (a scheduler account per tenant); backends without accounts ignore it. */
  readonly tenantId?: string;
  /** The lease's tier (a scheduler maps it to its own mechanism: QoS, reservation, deadline). */
  readonly tier?: Tier;
  /** Reserved: when the term ends, epoch ms (a scheduler reserves the capacity until then). */
  readonly termEndsAtMs?: number;
  /** Batch: when the GPU-hours must be done, epoch ms. */
  readonly deadlineMs?: number;
  /** What runs on the GPUs; without one the GPUs are held for the tenant. */
  readonly workload?: LeaseWorkload;
}

export interface ComputePlacement {
  readonly nodeId: string;
  readonly gpus: number;
  readonly workloadId: string;
}

export type ComputeState = 'provisioned' | 'running' | 'preempting' | 'stopped' | 'failed';

export interface ComputeStatus {
  readonly leaseId: string;
  readonly state: ComputeState;
  /** When the workload started on its GPUs, as the nodes report it; null before it starts. */
  readonly startedAtMs: number | null;
  /** When it left its GPUs (stopped or preempted); null while it runs. */
  readonly stoppedAtMs: number | null;
  /** When a preemption notice runs out; null without one. */
  readonly preemptAtMs: number | null;
  /** Mean utilisation of the lease's GPUs, 0-1; null when not reported. */
  readonly utilisation: number | null;
  /** W the lease's GPUs draw now; null when not reported. */
  readonly powerW: number | null;
  /** When the nodes reported this, epoch ms. */
  readonly reportedAtMs: number;
  readonly message?: string;
}

/** One run of a lease's workload as the scheduler reports it (backends with a scheduler only). */
export interface WorkloadRun {
  readonly workloadId: string;
  /** The scheduler's id for it (a Slurm job id). */
  readonly jobId: string;
  readonly node: string;
  /** The scheduler's state (RUNNING, COMPLETED, CANCELLED, FAILED, ...). */
  readonly state: string;
  /** Exit status once ended (null while it runs; a signal ends it with 128 + the signal's number). */
  readonly exitCode: number | null;
  /** Where its output goes, on the node. */
  readonly output: string;
  /** Interactive allocations while they run: how the tenant reaches it. */
  readonly connect?: WorkloadConnection;
}

/** How a tenant reaches an interactive allocation: SSH to a login host, which attaches to the job. */
export interface WorkloadConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The node the allocation runs on. */
  readonly node: string;
  /** What the tenant runs (`ssh -t -p <port> <user>@<host> <job id>`). */
  readonly command: string;
}

/** A backend that reports its workloads' runs (the Slurm backend). */
export interface WorkloadRunSource {
  /** The runs of a lease's workload (by compute id: batch runs are `<lease>.run<n>`). */
  workloadRuns(leaseId: string): Promise<readonly WorkloadRun[]>;
  /** How the tenant reaches a running interactive allocation; undefined when it cannot be reached. */
  connection?(run: WorkloadRun, tenantId: string): WorkloadConnection | undefined;
}

/** Nodes a power decision took out of service (drained) and put back (resumed): inventory node ids. */
export interface PoolPowerChange {
  readonly drained: readonly string[];
  readonly resumed: readonly string[];
}

export interface ComputeBackend {
  /** GPUs free now per pool, as the nodes see them (`siteId/groupId` -> GPUs). */
  freeGpus(siteId: string, groupId: string): Promise<number>;
  /** Picks nodes with free GPUs and reserves them for the lease; throws when they do not fit. */
  provision(request: ComputeRequest): Promise<readonly ComputePlacement[]>;
  /** Starts the lease's workload on its placements. */
  start(leaseId: string): Promise<ComputeStatus>;
  /** Stops it now and frees its GPUs. Stopping a stopped lease is not an error. */
  stop(leaseId: string): Promise<ComputeStatus>;
  /** Tells the workload it will be stopped after `noticeMs`; the node stops it then. */
  preempt(leaseId: string, noticeMs: number): Promise<ComputeStatus>;
  status(leaseId: string): Promise<ComputeStatus>;
  /**
   * The allocator's power decision for a pool: `poweredGpus` GPUs may run (null: not short of power).
   * A scheduler takes nodes beyond that out of service without ending the work on them (Slurm:
   * drain), and puts them back when power returns. Backends without one need not have it.
   */
  powerPool?(siteId: string, groupId: string, poweredGpus: number | null): Promise<PoolPowerChange>;
  /**
   * After a restart of the process that drives leases: takes a lease back on the placements stored
   * for it (the workloads may be running on the nodes). Backends that keep no state need not have it.
   */
  adopt?(
    leaseId: string,
    request: ComputeRequest,
    placements: readonly ComputePlacement[],
  ): Promise<ComputeStatus>;
}
