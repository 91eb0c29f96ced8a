import { SwitchyardError } from '../../../core/errors/index.ts';
import {
  type Lease,
  type LeaseWorkload,
  redactWorkload,
  workloadProblems,
} from '../../../core/marketplace/index.ts';
import type { WorkloadRunSource } from '../../../core/ports/compute-backend.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import type { WorkloadView } from '../../contracts/marketplace-contract.ts';

/** A lease's workload: checked and stored before the booking, read back for the runner and the API. */
export class LeaseWorkloadService {
  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
    private readonly runs: WorkloadRunSource | undefined,
  ) {}

  /**
   * Checks the workload (`SY_ERR_MARKET_WORKLOAD_INVALID` naming each field) and stores it under the
   * booking's key; a retry with the same key and another workload is an idempotency conflict.
   */
  async record(tenantId: string, idempotencyKey: string, workload: LeaseWorkload): Promise<void> {
    const problems = workloadProblems(workload);
    if (problems.length > 0) {
      throw new SwitchyardError(
        'SY_ERR_MARKET_WORKLOAD_INVALID',
        `invalid workload: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
        { problems },
      );
    }
    const stored = await this.storage.leaseWorkloads.put(tenantId, idempotencyKey, workload, this.nowMs());
    if (canonical(stored) !== canonical(workload)) {
      throw new SwitchyardError(
        'SY_ERR_MARKET_IDEMPOTENCY_CONFLICT',
        'this Idempotency-Key was already used for a lease with another workload',
        { field: 'workload' },
      );
    }
  }

  /** The workload stored for a lease (none: its GPUs are held for the tenant). */
  of(lease: Lease): Promise<LeaseWorkload | undefined> {
    return this.storage.leaseWorkloads.get(lease.tenantId, lease.idempotencyKey);
  }

  /** The workload as the API shows it. */
  async view(lease: Lease): Promise<WorkloadView> {
    const spec = await this.of(lease);
    const source = lease.placements.length > 0 ? this.runs : undefined;
    const runs = source ? await source.workloadRuns(lease.id).catch(() => []) : [];
    // An interactive allocation is reached by attaching to its job from a submit host (Slurm's way).
    const live = (state: string) => state === 'RUNNING';
    const withConnect =
      spec?.kind === 'interactive'
        ? runs.map((run) =>
            live(run.state) ? { ...run, connect: `srun --jobid=${run.jobId} --overlap --pty bash` } : run,
          )
        : runs;
    return { spec: spec ? redactWorkload(spec) : null, runs: withConnect };
  }
}

/** JSON with object keys sorted (a JSON column may store keys in another order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
