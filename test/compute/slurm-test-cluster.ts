import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTRACT_POOL } from '../../src/adapters/compute/compute-backend.contract.ts';
import { SlurmCli } from '../../src/adapters/compute/slurm/slurm-cli.ts';
import type { SlurmGpuNode } from '../../src/adapters/compute/slurm/slurm-gpu-node-driver.ts';
import { parseJobComment } from '../../src/adapters/compute/slurm/slurm-job-comment.ts';
import { parseSqueue } from '../../src/adapters/compute/slurm/slurm-replies.ts';

/**
 * The Slurm cluster of `scripts/slurm-test-cluster.sh` (started here when it is not up; the same
 * script `.ci/run` and developers use): partition h100, nodes sy-h100-0/1 (8 GPUs) and sy-h100-2 (4).
 */
export const SLURM_DIR = process.env.SWITCHYARD_SLURM_DIR ?? '/tmp/switchyard-slurm';
export const SLURM_CONF = `${SLURM_DIR}/etc/slurm.conf`;
const script = fileURLToPath(new URL('../../scripts/slurm-test-cluster.sh', import.meta.url));

export async function startSlurmTestCluster(): Promise<SlurmCli> {
  // Asynchronous, so that a slow start never blocks the test worker's own messages.
  await new Promise<void>((resolve, reject) =>
    execFile(script, ['start', SLURM_DIR], { timeout: 240_000 }, (error, _stdout, stderr) =>
      error
        ? reject(new Error(`slurm-test-cluster.sh start failed: ${error.message}\n${stderr}`))
        : resolve(),
    ),
  );
  return new SlurmCli({ slurmConf: SLURM_CONF });
}

/** The contract pool (20 GPUs: 8 + 8 + 4) as the test cluster's three Slurm nodes. */
export function contractPoolNodes(): Omit<SlurmGpuNode, 'url'>[] {
  const { siteId, groupId, wattsPerGpu, idleWattsPerGpu } = CONTRACT_POOL;
  return [8, 8, 4].map((gpus, n) => ({
    nodeId: `${siteId}/${groupId}/${n}`,
    siteId,
    groupId,
    gpus,
    slurmNode: `sy-h100-${n}`,
    partition: 'h100',
    gresType: 'h100',
    wattsPerGpu,
    idleWattsPerGpu,
  }));
}

/**
 * Holds the test cluster for one test file (test files run in parallel workers and each cancels the
 * backend's jobs): waits until no other live process holds it. Returns the release.
 */
export async function holdSlurmTestCluster(): Promise<() => void> {
  const lock = `${SLURM_DIR}/run/test-lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(`${lock}/pid`, String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(`${lock}/pid`, 'utf8'));
      } catch {}
      if (Number.isInteger(holder) && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Cancels every job the Slurm backend submitted and waits until none holds GPUs. */
export async function cancelSwitchyardJobs(cli: SlurmCli): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const live = parseSqueue(await cli.run('squeue', ['--json'])).filter(
      (job) =>
        parseJobComment(job.comment) &&
        !/COMPLETED|CANCELLED|FAILED|TIMEOUT|PREEMPTED|DEADLINE|NODE_FAIL/.test(job.state),
    );
    if (live.length === 0) return;
    const cancellable = live.filter((job) => job.state !== 'COMPLETING').map((job) => String(job.jobId));
    if (cancellable.length > 0) await cli.run('scancel', cancellable);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('Slurm jobs of the test did not end');
}
