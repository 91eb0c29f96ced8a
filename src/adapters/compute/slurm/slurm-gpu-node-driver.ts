import { computeBackendError } from '../compute-backend-error.ts';
import type {
  ComputeNode,
  GpuNodeDriver,
  NodeSnapshot,
  NodeWorkload,
  StartWorkload,
} from '../gpu-node-driver.ts';
import type { SlurmCommands } from './slurm-cli.ts';
import { formatJobComment, parseJobComment } from './slurm-job-comment.ts';
import { jobScript } from './slurm-job-script.ts';
import { parseSinfo, parseSqueue, type SlurmJob, type SlurmNode } from './slurm-replies.ts';
import { reservationName, SlurmReservations } from './slurm-reservations.ts';
import { type SlurmSubmitOptions, submitArguments, tenantAccount, tierOf } from './slurm-submit.ts';

/** One GPU node of the inventory and the Slurm node that is it. */
export interface SlurmGpuNode extends ComputeNode {
  readonly slurmNode: string;
  readonly partition: string;
  /** The GRES type (`gpu:<type>:<n>`); untyped `gpu:<n>` when absent. */
  readonly gresType?: string;
  /** W of one GPU at full use, and idle (Slurm does not meter GPU power; the lease's power is estimated). */
  readonly wattsPerGpu: number;
  readonly idleWattsPerGpu: number;
}

export interface SlurmDriverOptions extends SlurmSubmitOptions {
  readonly commands: SlurmCommands;
  readonly nodes: readonly SlurmGpuNode[];
  /** The backend's clock, epoch ms. */
  readonly clock: () => number;
  /**
   * Whose clock stamps the workloads' start and stop: `slurm` (the job's start and end in Slurm's
   * accounting, whole seconds: what metering reconciles against) or `backend` (the backend clock,
   * kept in the job's comment: for a clock the caller moves by hand, as the contract suite does).
   */
  readonly times?: 'slurm' | 'backend';
  /**
   * The backend clock minus Slurm's (ms, whole seconds), for a server replaying history at speed 1
   * on a live cluster; Slurm's times are shifted by it. Default 0.
   */
  readonly slurmClockOffsetMs?: number;
  /** How long a submitted job may take to start before the start is refused. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** Runs before each submission (the backend makes sure the tenant's account exists there). */
  readonly beforeSubmit?: (workload: StartWorkload) => Promise<void>;
}

/** Job states after which the job holds no GPUs (COMPLETING: ending, its GPUs being released). */
const ENDED = new Set([
  'COMPLETING',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'TIMEOUT',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
  'OUT_OF_MEMORY',
]);
const HOLDING = new Set(['RUNNING', 'CONFIGURING', 'SUSPENDED', 'PENDING', 'REQUEUED', 'RESIZING']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A `GpuNodeDriver` over a Slurm cluster through its CLI's `--json` replies: a workload is one batch
 * job named `<leaseId>.<n>`, pinned to its node (`--nodelist`) with its GPUs as generic resources,
 * in the tenant's account and the tier's QoS. Notice is `scancel --signal=TERM` (and the job's time
 * limit cut to the notice, so Slurm ends it even if this process is gone); at the notice's end the
 * driver cancels it. Reads of the cluster are shared by concurrent callers.
 */
export class SlurmGpuNodeDriver implements GpuNodeDriver {
  private readonly byNodeId: ReadonlyMap<string, SlurmGpuNode>;
  private view: Promise<{ jobs: SlurmJob[]; nodes: SlurmNode[] }> | undefined;
  readonly reservations: SlurmReservations;

  constructor(private readonly options: SlurmDriverOptions) {
    this.byNodeId = new Map(options.nodes.map((node) => [node.nodeId, node]));
    this.reservations = new SlurmReservations(options.commands);
  }

  private get times(): 'slurm' | 'backend' {
    return this.options.times ?? 'slurm';
  }

  /** Every job and node, read once for all callers in flight. */
  cluster(): Promise<{ jobs: SlurmJob[]; nodes: SlurmNode[] }> {
    if (!this.view) {
      const { commands } = this.options;
      this.view = Promise.all([commands.run('squeue', ['--json']), commands.run('sinfo', ['--json'])])
        .then(([squeue, sinfo]) => ({ jobs: parseSqueue(squeue), nodes: parseSinfo(sinfo) }))
        .finally(() => {
          this.view = undefined;
        });
    }
    return this.view;
  }

  async read(node: ComputeNode): Promise<NodeSnapshot> {
    const spec = this.spec(node);
    let { jobs, nodes } = await this.cluster();
    if (await this.endExpiredNotices(jobs.filter((job) => job.node === spec.slurmNode))) {
      ({ jobs, nodes } = await this.cluster());
    }
    return this.snapshot(spec, jobs, nodes);
  }

  async start(node: ComputeNode, workload: StartWorkload): Promise<NodeWorkload> {
    const spec = this.spec(node);
    const before = this.snapshot(spec, ...(await this.clusterArgs()));
    if (before.workloads.some((w) => w.id === workload.id && w.state !== 'stopped')) {
      throw this.error(spec, `workload ${workload.id} is already running`);
    }
    if (before.freeGpus < workload.gpus) {
      throw this.error(spec, `${before.freeGpus} GPU(s) free, ${workload.gpus} wanted`);
    }
    await this.options.beforeSubmit?.(workload);
    const comment = { leaseId: workload.lease?.leaseId ?? workload.id, utilisation: workload.utilisation };
    const reservation = await this.reserve(spec, workload);
    const args = submitArguments(this.options, spec, workload, formatJobComment(comment), reservation);
    let job: SlurmJob;
    try {
      const reply = await this.options.commands.run(
        'sbatch',
        args,
        jobScript(workload.id, workload.lease?.workload),
      );
      const jobId = Number.parseInt(reply.trim().split(';')[0] ?? '', 10);
      if (!Number.isInteger(jobId))
        throw this.error(spec, `sbatch replied ${JSON.stringify(reply.slice(0, 100))}`);
      job = await this.awaitStart(spec, jobId);
    } catch (error) {
      if (reservation) await this.reservations.delete(reservation).catch(() => undefined);
      throw error;
    }
    const jobId = job.jobId;
    if (this.times === 'backend') {
      await this.setComment(jobId, { ...comment, startedAtMs: this.options.clock() });
    }
    const started = (await this.cluster()).jobs.find((j) => j.jobId === jobId) ?? job;
    return this.workload(started);
  }

  async stop(node: ComputeNode, workloadId: string): Promise<NodeWorkload | null> {
    const spec = this.spec(node);
    const job = this.latest((await this.cluster()).jobs, spec, workloadId);
    if (!job) return null;
    if (!ENDED.has(job.state)) await this.cancel(job, this.options.clock());
    const after = this.latest((await this.cluster()).jobs, spec, workloadId) ?? job;
    return this.workload(after);
  }

  async preempt(node: ComputeNode, workloadId: string, noticeS: number): Promise<NodeWorkload | null> {
    const spec = this.spec(node);
    const job = this.latest((await this.cluster()).jobs, spec, workloadId);
    if (!job || ENDED.has(job.state)) return null;
    const comment = parseJobComment(job.comment);
    const now = this.options.clock();
    const noticeAtMs = now + Math.round(noticeS * 1000);
    if (comment?.noticeAtMs === undefined) {
      const base = comment ?? { leaseId: workloadId, utilisation: 0.9 };
      await this.setComment(job.jobId, { ...base, noticeAtMs });
      if (noticeS <= 0) {
        await this.cancel({ ...job, comment: formatJobComment({ ...base, noticeAtMs }) }, now);
      } else {
        await this.options.commands.run('scancel', ['--full', '--signal=TERM', String(job.jobId)]);
        // Slurm ends the job itself by the notice's end (to the minute) should this process be gone.
        const runS = Math.max(0, Math.floor(Date.now() / 1000) - job.startS);
        const minutes = Math.ceil((runS + noticeS) / 60) + 1;
        await this.options.commands.run('scontrol', ['update', `JobId=${job.jobId}`, `TimeLimit=${minutes}`]);
      }
    }
    const after = this.latest((await this.cluster()).jobs, spec, workloadId) ?? job;
    return this.workload(after);
  }

  /** The inventory node named by `nodeId`. */
  spec(node: ComputeNode): SlurmGpuNode {
    const spec = this.byNodeId.get(node.nodeId);
    if (!spec) throw computeBackendError(`unknown GPU node ${node.nodeId}`, { nodeId: node.nodeId });
    return spec;
  }

  /**
   * A reserved lease's Slurm reservation: the tenant's account on this node, one core per GPU, from
   * now to the term's end (on Slurm's clock). None for other tiers.
   */
  private async reserve(spec: SlurmGpuNode, workload: StartWorkload): Promise<string | undefined> {
    const endMs = workload.lease?.termEndsAtMs;
    if (tierOf(workload) !== 'reserved' || endMs === undefined) return undefined;
    const tenantId = workload.lease?.tenantId;
    const account = tenantId ? tenantAccount(tenantId) : (this.options.defaultAccount ?? 'root');
    const name = reservationName(workload.id);
    const endS = (endMs - (this.options.slurmClockOffsetMs ?? 0)) / 1000;
    await this.reservations.create(name, account, spec.slurmNode, workload.gpus, endS);
    return name;
  }

  /**
   * Cancels a job (stamping the stop on the backend clock first), waits until it holds no GPUs, and
   * deletes the reservation it ran in.
   */
  async cancel(job: SlurmJob, atMs: number): Promise<void> {
    const comment = parseJobComment(job.comment);
    if (comment && this.times === 'backend' && comment.stoppedAtMs === undefined) {
      const stoppedAtMs = comment.noticeAtMs !== undefined ? Math.min(comment.noticeAtMs, atMs) : atMs;
      await this.setComment(job.jobId, { ...comment, stoppedAtMs }).catch(() => undefined);
    }
    await this.options.commands.run('scancel', [String(job.jobId)]);
    for (let i = 0; i < 100; i++) {
      const now = (await this.cluster()).jobs.find((j) => j.jobId === job.jobId);
      // Slurm deletes no reservation while the job is still completing in it.
      if (
        (!now || ENDED.has(now.state)) &&
        (!job.reservation || (await this.reservations.delete(job.reservation)))
      )
        return;
      await sleep(100);
    }
    throw computeBackendError(`Slurm job ${job.jobId} did not end after scancel (or left its reservation)`, {
      jobId: job.jobId,
    });
  }

  /** Cancels this node's jobs whose preemption notice has run out; whether any was. */
  private async endExpiredNotices(jobs: readonly SlurmJob[]): Promise<boolean> {
    const now = this.options.clock();
    const expired = jobs.filter((job) => {
      const notice = parseJobComment(job.comment)?.noticeAtMs;
      return !ENDED.has(job.state) && notice !== undefined && notice <= now;
    });
    for (const job of expired) await this.cancel(job, parseJobComment(job.comment)!.noticeAtMs!);
    return expired.length > 0;
  }

  private async clusterArgs(): Promise<[SlurmJob[], SlurmNode[]]> {
    const { jobs, nodes } = await this.cluster();
    return [jobs, nodes];
  }

  private snapshot(spec: SlurmGpuNode, jobs: readonly SlurmJob[], nodes: readonly SlurmNode[]): NodeSnapshot {
    const slurmNode = nodes.find((n) => n.name === spec.slurmNode);
    if (!slurmNode) throw this.error(spec, `Slurm does not know node ${spec.slurmNode}`);
    const here = jobs.filter((job) => job.node === spec.slurmNode);
    const holding = here.filter((job) => HOLDING.has(job.state));
    const unusable =
      slurmNode.flags.some((f) => f === 'DRAIN' || f === 'NOT_RESPONDING') ||
      /down|drain|fail/i.test(slurmNode.state);
    const held = holding.reduce((sum, job) => sum + job.gpus, 0);
    const total = Math.min(spec.gpus, slurmNode.gpus);
    const mine = new Map<string, SlurmJob>();
    for (const job of here) {
      if (!parseJobComment(job.comment)) continue;
      const known = mine.get(job.name);
      if (!known || known.jobId < job.jobId) mine.set(job.name, job);
    }
    const gpus = Array.from({ length: total }, () => ({
      powerW: spec.idleWattsPerGpu,
      workloadId: null as string | null,
    }));
    for (const job of holding.filter((j) => j.state !== 'PENDING')) {
      const utilisation = parseJobComment(job.comment)?.utilisation ?? 1;
      const id = parseJobComment(job.comment) ? job.name : `slurm-job-${job.jobId}`;
      const indices =
        job.gpuIndices.length > 0
          ? job.gpuIndices
          : gpus.flatMap((g, i) => (g.workloadId ? [] : [i])).slice(0, job.gpus);
      for (const i of indices) {
        if (i < gpus.length) {
          gpus[i] = {
            powerW: spec.idleWattsPerGpu + (spec.wattsPerGpu - spec.idleWattsPerGpu) * utilisation,
            workloadId: id,
          };
        }
      }
    }
    return {
      nowMs: this.options.clock(),
      freeGpus: unusable ? 0 : Math.max(0, total - held),
      gpus,
      workloads: [...mine.values()].map((job) => this.workload(job)),
    };
  }

  private workload(job: SlurmJob): NodeWorkload {
    const comment = parseJobComment(job.comment);
    const ended = ENDED.has(job.state);
    const backend = this.times === 'backend';
    const notice = comment?.noticeAtMs ?? null;
    const startedAtMs = (backend ? comment?.startedAtMs : undefined) ?? this.slurmMs(job.startS);
    const endMs = job.endS > 0 ? this.slurmMs(job.endS) : this.options.clock();
    return {
      id: job.name,
      state: ended ? 'stopped' : notice !== null ? 'preempting' : 'running',
      gpus: ended
        ? []
        : job.gpuIndices.length > 0
          ? job.gpuIndices
          : Array.from({ length: job.gpus }, (_, i) => i),
      utilisation: ended ? 0 : (comment?.utilisation ?? 1),
      startedAtMs,
      preemptAtMs: notice,
      stoppedAtMs: ended ? ((backend ? comment?.stoppedAtMs : undefined) ?? endMs) : null,
      stopReason: ended ? (notice !== null || job.state === 'PREEMPTED' ? 'preempted' : 'stopped') : null,
    };
  }

  /** A Slurm time (epoch s) on the backend's clock. */
  slurmMs(epochS: number): number {
    return epochS * 1000 + (this.options.slurmClockOffsetMs ?? 0);
  }

  /** The newest job of a workload on a node. */
  private latest(jobs: readonly SlurmJob[], spec: SlurmGpuNode, workloadId: string): SlurmJob | undefined {
    return jobs
      .filter((job) => job.name === workloadId && job.node === spec.slurmNode && parseJobComment(job.comment))
      .reduce<SlurmJob | undefined>((best, job) => (!best || job.jobId > best.jobId ? job : best), undefined);
  }

  /** Waits for a submitted job to run; cancels it and throws when Slurm will not run it now. */
  private async awaitStart(spec: SlurmGpuNode, jobId: number): Promise<SlurmJob> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    let last: SlurmJob | undefined;
    while (Date.now() < deadline) {
      last = (await this.cluster()).jobs.find((job) => job.jobId === jobId);
      if (last?.state === 'RUNNING') return last;
      if (last && ENDED.has(last.state)) break;
      // Limits Slurm enforces (the tenant's GPU quota, the QoS) will not clear by waiting.
      if (last && /^(Assoc|QOS)\w*(Limit|GRES|TRES|Grp)|^Invalid/.test(last.reason)) break;
      await sleep(200);
    }
    await this.options.commands.run('scancel', [String(jobId)]).catch(() => undefined);
    const why = last
      ? `${last.state}${last.reason && last.reason !== 'None' ? ` (${last.reason})` : ''}`
      : 'unknown';
    throw this.error(spec, `Slurm did not start job ${jobId}: ${why}`, { jobId, reason: last?.reason });
  }

  private async setComment(jobId: number, comment: Parameters<typeof formatJobComment>[0]): Promise<void> {
    await this.options.commands.run('scontrol', [
      'update',
      `JobId=${jobId}`,
      `Comment=${formatJobComment(comment)}`,
    ]);
  }

  private error(spec: SlurmGpuNode, problem: string, details: Record<string, unknown> = {}) {
    return computeBackendError(`GPU node ${spec.nodeId} (Slurm ${spec.slurmNode}): ${problem}`, {
      nodeId: spec.nodeId,
      ...details,
    });
  }
}
