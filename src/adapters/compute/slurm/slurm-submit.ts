import type { Tier } from '../../../core/marketplace/marketplace-types.ts';
import type { StartWorkload } from '../gpu-node-driver.ts';
import type { SlurmGpuNode } from './slurm-gpu-node-driver.ts';

/** How leases map onto Slurm's own mechanisms. */
export interface SlurmSubmitOptions {
  /** The QoS per tier. Default: `ondemand` (never preempted), `interruptible`, `batch`, `reserved`. */
  readonly qos?: Partial<Record<Tier, string>>;
  /** The Slurm account of jobs without a tenant. Default `root`. */
  readonly defaultAccount?: string;
  /** Where jobs write their output (`<dir>/<workloadId>.out`, on the nodes). Default /tmp. */
  readonly outputDir?: string;
}

export const DEFAULT_QOS: Readonly<Record<Tier, string>> = {
  reserved: 'reserved',
  'on-demand': 'ondemand',
  interruptible: 'interruptible',
  batch: 'batch',
};

/** The Slurm account of a tenant: `sy-` and its id, lower-case, Slurm-safe. */
export function tenantAccount(tenantId: string): string {
  return `sy-${tenantId.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}`.slice(0, 60);
}

/** `--deadline` takes local time; the CLI runs in UTC. */
function slurmTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The tier of a workload's lease (without one: interruptible or on-demand by the request's flag). */
export function tierOf(workload: StartWorkload): Tier {
  return workload.lease?.tier ?? (workload.interruptible ? 'interruptible' : 'on-demand');
}

/** Where a workload's output goes. */
export function outputPath(options: SlurmSubmitOptions, workloadId: string): string {
  return `${options.outputDir ?? '/tmp'}/${workloadId}.out`;
}

/** The `sbatch` arguments of one workload on one node (the script comes on stdin). */
export function submitArguments(
  options: SlurmSubmitOptions,
  node: SlurmGpuNode,
  workload: StartWorkload,
  comment: string,
  /** The Slurm reservation it runs in (reserved leases). */
  reservation?: string,
): string[] {
  const tier = tierOf(workload);
  const tenantId = workload.lease?.tenantId;
  const gres = node.gresType ? `gpu:${node.gresType}:${workload.gpus}` : `gpu:${workload.gpus}`;
  const args = [
    '--parsable',
    `--job-name=${workload.id}`,
    `--partition=${node.partition}`,
    `--nodelist=${node.slurmNode}`,
    '--nodes=1',
    '--ntasks=1',
    `--gres=${gres}`,
    `--account=${tenantId ? tenantAccount(tenantId) : (options.defaultAccount ?? 'root')}`,
    `--qos=${options.qos?.[tier] ?? DEFAULT_QOS[tier]}`,
    `--comment=${comment}`,
    `--output=${outputPath(options, workload.id)}`,
    '--no-requeue',
  ];
  const deadlineMs = workload.lease?.deadlineMs;
  if (tier === 'batch' && deadlineMs !== undefined) args.push(`--deadline=${slurmTime(deadlineMs)}`);
  if (reservation) args.push(`--reservation=${reservation}`);
  return args;
}
