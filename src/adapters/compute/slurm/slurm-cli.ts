import { spawn } from 'node:child_process';
import { computeBackendError } from '../compute-backend-error.ts';

/** Runs one Slurm command (`squeue`, `sbatch`, `scancel`, `scontrol`, `sacct`, `sacctmgr`, `sinfo`). */
export interface SlurmCommands {
  /** stdout of the command; throws `SY_ERR_COMPUTE_BACKEND` with its stderr when it fails. */
  run(command: string, args: readonly string[], stdin?: string): Promise<string>;
}

export interface SlurmCliOptions {
  /** `SLURM_CONF` for the commands (the cluster's slurm.conf); default: the environment's. */
  readonly slurmConf?: string;
  /** Per command. Default 30 s. */
  readonly timeoutMs?: number;
}

const COMMANDS = new Set(['squeue', 'sinfo', 'sacct', 'sbatch', 'scancel', 'scontrol', 'sacctmgr']);

/** The Slurm client commands of this machine (Debian's slurm-client), in UTC. */
export class SlurmCli implements SlurmCommands {
  constructor(private readonly options: SlurmCliOptions = {}) {}

  run(command: string, args: readonly string[], stdin?: string): Promise<string> {
    if (!COMMANDS.has(command)) throw computeBackendError(`not a Slurm command: ${command}`);
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', SLURM_TIME_FORMAT: 'standard' };
    if (this.options.slurmConf) env.SLURM_CONF = this.options.slurmConf;
    const line = `${command} ${args.join(' ')}`.slice(0, 200);
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.timeoutMs ?? 30_000);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(computeBackendError(`${line}: ${error.message}`, { command }, error));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const stderr = Buffer.concat(err).toString('utf8').trim();
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else
          reject(
            computeBackendError(
              `${line}: exit ${code ?? signal}${stderr ? `: ${stderr.slice(0, 500)}` : ''}`,
              {
                command,
                exitCode: code,
              },
            ),
          );
      });
      // A command that exits before reading its input closes the pipe (EPIPE): its exit status and
      // stderr, reported on 'close', say what went wrong, so the write error itself is not one.
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin ?? '');
    });
  }
}
