import { z } from 'zod';
import { computeBackendError } from '../compute-backend-error.ts';

/**
 * Slurm's JSON replies (`squeue --json`, `sinfo --json`, `sacct --json`; the OpenAPI data parser
 * v0.0.38 of Slurm 22.05, the same documents slurmrestd serves), parsed once here into the few
 * fields the compute backend uses. Unknown fields are ignored; a missing or mistyped field we use is
 * a `SY_ERR_COMPUTE_BACKEND` error naming the command and the path.
 */

const errorsSchema = z
  .array(z.object({ error: z.string().optional(), error_number: z.number().optional() }).passthrough())
  .default([]);

const squeueJobSchema = z.object({
  job_id: z.number().int(),
  name: z.string(),
  job_state: z.string(),
  state_reason: z.string().default(''),
  start_time: z.number().int(),
  end_time: z.number().int(),
  nodes: z.string().default(''),
  required_nodes: z.string().default(''),
  tres_alloc_str: z.string().default(''),
  tres_per_node: z.string().default(''),
  comment: z.string().default(''),
  gres_detail: z.array(z.string()).default([]),
  account: z.string().default(''),
  qos: z.string().default(''),
  partition: z.string().default(''),
  exit_code: z.number().int().nullable().default(null),
  standard_output: z.string().default(''),
  resv_name: z.string().default(''),
});
const squeueSchema = z.object({ errors: errorsSchema, jobs: z.array(squeueJobSchema) });

const sinfoNodeSchema = z.object({
  name: z.string(),
  gres: z.string().default(''),
  gres_used: z.string().default(''),
  state: z.string(),
  state_flags: z.array(z.string()).default([]),
  reason: z.string().default(''),
});
const sinfoSchema = z.object({ errors: errorsSchema, nodes: z.array(sinfoNodeSchema) });

const tresSchema = z.object({ type: z.string(), name: z.string().nullable(), count: z.number().nullable() });
const sacctJobSchema = z.object({
  job_id: z.number().int(),
  name: z.string(),
  account: z.string().default(''),
  qos: z.string().default(''),
  nodes: z.string().default(''),
  state: z.object({ current: z.string(), reason: z.string().default('') }),
  // A job that never started has no start (null) in 22.05's sacct.
  time: z.object({
    start: z.number().int().nullable(),
    end: z.number().int().nullable(),
    elapsed: z.number().int().nullable(),
  }),
  tres: z.object({ allocated: z.array(tresSchema).default([]) }),
  comment: z.object({ job: z.string().nullable().default(null) }).default({ job: null }),
  exit_code: z
    .object({
      status: z.string(),
      return_code: z.number().int().nullable().optional(),
      signal: z.object({ signal_id: z.number().int(), name: z.string() }).optional(),
    })
    .optional(),
});
const sacctSchema = z.object({ errors: errorsSchema, jobs: z.array(sacctJobSchema) });

/** A job as `squeue --json` shows it (live jobs and those ended less than MinJobAge ago). */
export interface SlurmJob {
  readonly jobId: number;
  readonly name: string;
  /** RUNNING, PENDING, COMPLETING, COMPLETED, CANCELLED, FAILED, TIMEOUT, PREEMPTED, ... */
  readonly state: string;
  readonly reason: string;
  /** Epoch s; 0 before it starts. */
  readonly startS: number;
  /** Epoch s; the time limit's end while it runs, 0 while pending. */
  readonly endS: number;
  /** The node it runs on (or the node it was required to run on, while pending). */
  readonly node: string;
  /** GPUs it holds or asks for. */
  readonly gpus: number;
  /** Indices of the GPUs it holds on its node (empty unless running). */
  readonly gpuIndices: readonly number[];
  readonly comment: string;
  readonly account: string;
  readonly qos: string;
  readonly partition: string;
  readonly exitCode: number | null;
  readonly output: string;
  /** The Slurm reservation it runs in ('' for none). */
  readonly reservation: string;
}

/** A node as `sinfo --json` shows it. */
export interface SlurmNode {
  readonly name: string;
  /** GPUs configured (`gres` gpu entries summed). */
  readonly gpus: number;
  /** GPUs allocated to jobs now (`gres_used`). */
  readonly gpusUsed: number;
  /** idle, mixed, allocated, down, ... */
  readonly state: string;
  /** DRAIN, COMPLETING, NOT_RESPONDING, ... */
  readonly flags: readonly string[];
  readonly reason: string;
}

/** A job's accounting record (`sacct --json -X`). */
export interface SlurmJobRecord {
  readonly jobId: number;
  readonly name: string;
  readonly account: string;
  readonly qos: string;
  readonly nodes: string;
  readonly state: string;
  readonly reason: string;
  /** Epoch s; 0 when it never started. */
  readonly startS: number;
  /** Epoch s; 0 while it runs. */
  readonly endS: number;
  readonly elapsedS: number;
  /** GPUs allocated (`gres/gpu` TRES). */
  readonly gpus: number;
  readonly comment: string;
  readonly exit: { readonly status: string; readonly code: number | null; readonly signal: string | null };
}

function parseReply<T extends z.ZodType>(schema: T, text: string, command: string): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw computeBackendError(`${command}: the reply is not JSON`, { command }, error);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw computeBackendError(
      `${command}: unexpected reply at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      {
        command,
      },
    );
  }
  const errors = (parsed.data as { errors: { error?: string }[] }).errors;
  if (errors.length > 0) {
    throw computeBackendError(
      `${command}: Slurm reports ${errors.map((e) => e.error ?? 'an error').join('; ')}`,
      {
        command,
      },
    );
  }
  return parsed.data;
}

/** GPUs in a GRES string: `gpu:h100:8`, `gpu:8`, `gpu:h100:8(S:0-1),shard:4`, `gpu:h100:3(IDX:0-2)`. */
export function gresGpus(gres: string): number {
  let total = 0;
  for (const entry of gres.split(/,(?![^(]*\))/)) {
    const match = /^gpu(?::[^:(]+)?:(\d+)/.exec(entry.trim());
    if (match) total += Number(match[1]);
  }
  return total;
}

/** GPU indices of a `gres_detail` entry list: `["gpu:h100:8(IDX:0-3,5,7)"]` → [0,1,2,3,5,7]. */
export function gresIndices(details: readonly string[]): number[] {
  const indices: number[] = [];
  for (const detail of details) {
    const idx = /IDX:([0-9,-]+)/.exec(detail);
    if (!idx) continue;
    for (const part of idx[1]!.split(',')) {
      const [from, to] = part.split('-').map(Number) as [number, number | undefined];
      for (let i = from; i <= (to ?? from); i++) indices.push(i);
    }
  }
  return indices;
}

/** GPUs of a TRES string `cpu=1,node=1,gres/gpu=8,gres/gpu:h100=8` (the untyped `gres/gpu` count). */
function tresGpus(tres: string): number | null {
  const match = /(?:^|,)gres\/gpu=(\d+)/.exec(tres);
  return match ? Number(match[1]) : null;
}

export function parseSqueue(text: string): SlurmJob[] {
  return parseReply(squeueSchema, text, 'squeue --json').jobs.map((job) => ({
    jobId: job.job_id,
    name: job.name,
    state: job.job_state,
    reason: job.state_reason,
    startS: job.start_time,
    endS: job.end_time,
    node: job.nodes || job.required_nodes,
    gpus: tresGpus(job.tres_alloc_str) ?? gresGpus(job.tres_per_node.replace(/^gres:/, '')),
    gpuIndices: gresIndices(job.gres_detail),
    comment: job.comment,
    account: job.account,
    qos: job.qos,
    partition: job.partition,
    exitCode: job.exit_code,
    output: job.standard_output,
    reservation: job.resv_name,
  }));
}

export function parseSinfo(text: string): SlurmNode[] {
  return parseReply(sinfoSchema, text, 'sinfo --json').nodes.map((node) => ({
    name: node.name,
    gpus: gresGpus(node.gres),
    gpusUsed: gresGpus(node.gres_used),
    state: node.state,
    flags: node.state_flags,
    reason: node.reason,
  }));
}

export function parseSacct(text: string): SlurmJobRecord[] {
  return parseReply(sacctSchema, text, 'sacct --json').jobs.map((job) => ({
    jobId: job.job_id,
    name: job.name,
    account: job.account,
    qos: job.qos,
    nodes: job.nodes,
    state: job.state.current,
    reason: job.state.reason,
    startS: job.time.start ?? 0,
    endS: job.time.end ?? 0,
    elapsedS: job.time.elapsed ?? 0,
    gpus: job.tres.allocated.find((t) => t.type === 'gres' && t.name === 'gpu')?.count ?? 0,
    comment: job.comment.job ?? '',
    exit: {
      status: job.exit_code?.status ?? 'UNKNOWN',
      code: job.exit_code?.return_code ?? null,
      signal: job.exit_code?.signal?.name ?? null,
    },
  }));
}
