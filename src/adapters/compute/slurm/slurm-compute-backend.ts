import { hostname } from 'node:os';
import { chooseNodeDrains } from '../../../core/marketplace/index.ts';
import type {
  PoolPowerChange,
  WorkloadConnection,
  WorkloadRun,
  WorkloadRunSource,
} from '../../../core/ports/compute-backend.ts';
import type { StartWorkload } from '../gpu-node-driver.ts';
import { NodePoolComputeBackend } from '../node-pool-compute-backend.ts';
import { SlurmCli, type SlurmCommands } from './slurm-cli.ts';
import { type SlurmDriverOptions, type SlurmGpuNode, SlurmGpuNodeDriver } from './slurm-gpu-node-driver.ts';
import { parseJobComment } from './slurm-job-comment.ts';
import { authorizedKeys, writeLoginKeys } from './slurm-login-keys.ts';
import { parseSacct, type SlurmJobRecord } from './slurm-replies.ts';
import { reservationWorkload } from './slurm-reservations.ts';
import { tenantAccount } from './slurm-submit.ts';
import { SlurmTenantAccounts } from './slurm-tenant-accounts.ts';

export interface SlurmComputeBackendOptions extends Omit<SlurmDriverOptions, 'commands' | 'clock' | 'nodes'> {
  /** The GPU nodes: each inventory node (`site/group/n`) and the Slurm node that is it. */
  readonly nodes: readonly Omit<SlurmGpuNode, 'url'>[];
  /** The backend's clock, epoch ms. */
  readonly now: () => number;
  /** Default: this machine's Slurm CLI with `slurmConf`. */
  readonly commands?: SlurmCommands;
  /** `SLURM_CONF` of the cluster (when `commands` is not given). */
  readonly slurmConf?: string;
  /**
   * A tenant's GPU quota (the marketplace's `maxGpus`): when given, each tenant's jobs run in its own
   * Slurm account whose GPU limit is kept equal to it (`SlurmTenantAccounts`).
   */
  readonly tenantGpuQuota?: (tenantId: string) => Promise<number | undefined>;
  /** The Unix user jobs are submitted as. Default root. */
  readonly submitUser?: string;
  /**
   * Where tenants reach interactive allocations (`slurm-login-keys.ts`): the login host (default
   * this machine's name), its SSH port (22), and the directory its sshd reads authorized keys from
   * (`AuthorizedKeysFile <keysDir>/%u`; without it no keys are written). Each tenant logs in as its
   * Slurm account's name.
   */
  readonly login?: { readonly host?: string; readonly port?: number; readonly keysDir?: string };
}

/** A tenant's keys and the interactive jobs they may reach. */
export interface LoginAccess {
  readonly tenantId: string;
  readonly publicKeys: readonly string[];
  readonly jobIds: readonly number[];
}

/** A Slurm job of this backend that no live lease owns. */
export interface OrphanJob {
  readonly jobId: number;
  readonly workloadId: string;
  readonly leaseId: string;
  readonly node: string;
  readonly gpus: number;
  readonly state: string;
}

/** The reason of nodes a power decision drained (so they, and only they, are resumed by one). */
const POWER_REASON = 'switchyard power:';
const LIVE = new Set(['RUNNING', 'PENDING', 'CONFIGURING', 'SUSPENDED', 'REQUEUED', 'RESIZING']);

/**
 * The compute backend over a Slurm cluster (see `SlurmGpuNodeDriver` for the mapping and
 * docs/adr/0005-slurm-cli-json.md for why the CLI's JSON): placement, reservations of provisioned
 * leases and restarts behave as `NodePoolComputeBackend`; Slurm holds the GPUs of started leases, in
 * the tenant's account (its GPU limit set by `SlurmTenantAccounts`) and the tier's QoS. Also: the
 * jobs no lease owns (`orphans`, `cancelOrphans`), accounting records (`accounting`) and draining a
 * node when its site is short of power (`drain`, `resume`).
 */
export class SlurmComputeBackend extends NodePoolComputeBackend implements WorkloadRunSource {
  readonly driver: SlurmGpuNodeDriver;
  readonly commands: SlurmCommands;
  readonly accounts: SlurmTenantAccounts;
  private tenantGpuQuota: ((tenantId: string) => Promise<number | undefined>) | undefined;
  private readonly login: SlurmComputeBackendOptions['login'];
  private readonly nodes: readonly Omit<SlurmGpuNode, 'url'>[];

  constructor(options: SlurmComputeBackendOptions) {
    const commands =
      options.commands ?? new SlurmCli(options.slurmConf ? { slurmConf: options.slurmConf } : {});
    const nodes = options.nodes.map((node) => ({
      ...node,
      url: `slurm://${node.partition}/${node.slurmNode}`,
    }));
    const accounts = new SlurmTenantAccounts(commands, options.submitUser);
    const beforeSubmit = async (workload: StartWorkload) => {
      const tenantId = workload.lease?.tenantId;
      const quota = this.tenantGpuQuota;
      const gpus = tenantId && quota ? await quota(tenantId) : undefined;
      if (tenantId && gpus !== undefined) await accounts.ensure(tenantId, gpus);
    };
    const driver = new SlurmGpuNodeDriver({ ...options, commands, nodes, clock: options.now, beforeSubmit });
    super(nodes, driver, options.now);
    this.driver = driver;
    this.commands = commands;
    this.accounts = accounts;
    this.tenantGpuQuota = options.tenantGpuQuota;
    this.login = options.login;
    this.nodes = options.nodes;
  }

  /** A running interactive allocation: SSH to the login host as the tenant's user, naming the job. */
  connection(run: WorkloadRun, tenantId: string): WorkloadConnection {
    const host = this.login?.host ?? hostname();
    const port = this.login?.port ?? 22;
    const user = tenantAccount(tenantId);
    return { host, port, user, node: run.node, command: `ssh -t -p ${port} ${user}@${host} ${run.jobId}` };
  }

  /**
   * Writes the login host's authorized keys: each tenant's keys, forced to attach only to its running
   * interactive jobs; tenants without any lose their file. False when no `login.keysDir` is set.
   */
  publishLoginKeys(access: readonly LoginAccess[]): boolean {
    const dir = this.login?.keysDir;
    if (!dir) return false;
    const byUser = new Map<string, { keys: Set<string>; jobs: Set<number> }>();
    for (const entry of access) {
      const user = tenantAccount(entry.tenantId);
      const at = byUser.get(user) ?? { keys: new Set(), jobs: new Set() };
      for (const key of entry.publicKeys) at.keys.add(key);
      for (const job of entry.jobIds) at.jobs.add(job);
      byUser.set(user, at);
    }
    const files = new Map(
      [...byUser]
        .filter(([, a]) => a.jobs.size > 0)
        .map(([user, a]) => [user, authorizedKeys([...a.keys], [...a.jobs])]),
    );
    writeLoginKeys(dir, files);
    return true;
  }

  /** Tenants' GPU quotas from now on (when the store they live in opens after the backend). */
  setTenantGpuQuota(quota: (tenantId: string) => Promise<number | undefined>): void {
    this.tenantGpuQuota = quota;
  }

  /** Live jobs this backend submitted whose lease (compute id, from the job's comment) is not live. */
  async orphans(isLive: (leaseId: string) => boolean | Promise<boolean>): Promise<OrphanJob[]> {
    const { jobs } = await this.driver.cluster();
    const orphans: OrphanJob[] = [];
    for (const job of jobs) {
      const comment = parseJobComment(job.comment);
      if (!comment || !LIVE.has(job.state) || (await isLive(comment.leaseId))) continue;
      orphans.push({
        jobId: job.jobId,
        workloadId: job.name,
        leaseId: comment.leaseId,
        node: job.node,
        gpus: job.gpus,
        state: job.state,
      });
    }
    return orphans;
  }

  /** Cancels the orphans and returns them (to report). */
  async cancelOrphans(isLive: (leaseId: string) => boolean | Promise<boolean>): Promise<OrphanJob[]> {
    const orphans = await this.orphans(isLive);
    const { jobs } = await this.driver.cluster();
    for (const orphan of orphans) {
      const job = jobs.find((j) => j.jobId === orphan.jobId);
      if (job) await this.driver.cancel(job, Date.now());
    }
    return orphans;
  }

  /**
   * Deletes the reservations this backend made that no live job runs in and whose lease is not live
   * (a reserved lease's job that ended by itself, or a process gone between reserving and submitting).
   * Returns their names.
   */
  async deleteStaleReservations(isLive: (leaseId: string) => boolean | Promise<boolean>): Promise<string[]> {
    const [reservations, { jobs }] = await Promise.all([
      this.driver.reservations.list(),
      this.driver.cluster(),
    ]);
    const deleted: string[] = [];
    for (const reservation of reservations) {
      const workloadId = reservationWorkload(reservation.name);
      if (workloadId === null) continue;
      if (jobs.some((job) => job.reservation === reservation.name && LIVE.has(job.state))) continue;
      if (await isLive(workloadId.replace(/\.\d+$/, ''))) continue;
      if (await this.driver.reservations.delete(reservation.name)) deleted.push(reservation.name);
    }
    return deleted;
  }

  /** The Slurm jobs of a lease (or of its batch runs `<leaseId>.run<n>`), newest last. */
  async workloadRuns(leaseId: string): Promise<WorkloadRun[]> {
    const { jobs } = await this.driver.cluster();
    return jobs
      .flatMap((job) => {
        const comment = parseJobComment(job.comment);
        if (!comment || !(comment.leaseId === leaseId || comment.leaseId.startsWith(`${leaseId}.run`)))
          return [];
        const ended = !LIVE.has(job.state);
        return [
          {
            workloadId: job.name,
            jobId: String(job.jobId),
            node: job.node,
            state: job.state,
            exitCode: ended ? job.exitCode : null,
            output: job.output,
          },
        ];
      })
      .sort((a, b) => Number(a.jobId) - Number(b.jobId));
  }

  /**
   * Slurm's accounting records (`sacct`) of a lease's jobs since `sinceMs`: its workloads, and its
   * batch runs `<leaseId>.run<n>`.
   */
  async accounting(leaseId: string, sinceMs: number): Promise<SlurmJobRecord[]> {
    const since = new Date(sinceMs - 60_000).toISOString().slice(0, 19);
    const reply = await this.commands.run('sacct', ['--json', '-X', '--allusers', `--starttime=${since}`]);
    return parseSacct(reply).filter((record) => {
      const owner = parseJobComment(record.comment)?.leaseId;
      return owner === leaseId || owner?.startsWith(`${leaseId}.run`) === true;
    });
  }

  /**
   * The allocator's power decision for a pool (`chooseNodeDrains`): nodes beyond the powered GPUs are
   * drained (their jobs run on), and the nodes a power decision drained are resumed when power
   * returns. Nodes an operator drained are never resumed here.
   */
  async powerPool(siteId: string, groupId: string, poweredGpus: number | null): Promise<PoolPowerChange> {
    const { jobs, nodes } = await this.driver.cluster();
    const uses = this.nodes
      .filter((node) => node.siteId === siteId && node.groupId === groupId)
      .map((node) => {
        const slurm = nodes.find((n) => n.name === node.slurmNode);
        return {
          nodeId: node.nodeId,
          gpus: node.gpus,
          heldGpus: jobs
            .filter((job) => job.node === node.slurmNode && LIVE.has(job.state) && job.state !== 'PENDING')
            .reduce((sum, job) => sum + job.gpus, 0),
          drained: slurm?.flags.includes('DRAIN') === true && slurm.reason.startsWith(POWER_REASON),
        };
      });
    const { drain, resume } = chooseNodeDrains(uses, poweredGpus);
    if (drain.length > 0) {
      await this.drain(drain, `${POWER_REASON} ${poweredGpus} GPU(s) powered at ${siteId}/${groupId}`);
    }
    if (resume.length > 0) await this.resume(resume);
    return { drained: drain, resumed: resume };
  }

  /**
   * A site short of power: its GPU nodes take no new work (Slurm `DRAIN`); the jobs on them run on.
   * `nodeIds`: inventory node ids.
   */
  async drain(nodeIds: readonly string[], reason: string): Promise<void> {
    for (const node of this.nodesOf(nodeIds)) {
      await this.commands.run('scontrol', [
        'update',
        `NodeName=${node.slurmNode}`,
        'State=DRAIN',
        `Reason=${reason}`,
      ]);
    }
  }

  /** Power is back: the nodes take work again. */
  async resume(nodeIds: readonly string[]): Promise<void> {
    for (const node of this.nodesOf(nodeIds)) {
      await this.commands.run('scontrol', ['update', `NodeName=${node.slurmNode}`, 'State=RESUME']);
    }
  }

  private nodesOf(nodeIds: readonly string[]): SlurmGpuNode[] {
    return nodeIds.map((id) => this.driver.spec({ nodeId: id } as SlurmGpuNode));
  }
}
