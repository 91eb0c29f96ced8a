import { SwitchyardError } from '../../core/errors/index.ts';
import type { AllocationRun, SetpointRecord, Storage } from '../../core/ports/storage.ts';
import type { AllocationLoop, StepResult } from './allocation-loop.ts';

/** The allocator's records as the API reads them, and running the current interval's step on demand. */
export class AllocationService {
  constructor(
    private readonly deps: {
      storage: Storage;
      loop: AllocationLoop;
      nowMs: () => number;
      intervalMs: number;
    },
  ) {}

  /** The newest runs, newest first. */
  runs(limit: number): Promise<AllocationRun[]> {
    return this.deps.storage.allocations.latest(limit);
  }

  async run(id: string): Promise<AllocationRun> {
    const run = await this.deps.storage.allocations.get(id);
    if (!run) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no allocation run ${id}`);
    return run;
  }

  /** Runs the step of the interval holding now (once per interval). */
  stepNow(): Promise<StepResult> {
    const { intervalMs } = this.deps;
    return this.deps.loop.step(Math.floor(this.deps.nowMs() / intervalMs) * intervalMs);
  }

  /** A site's setpoints issued in [fromMs, toMs): by default the day before now. */
  setpoints(siteId: string, fromMs?: number, toMs?: number): Promise<SetpointRecord[]> {
    const to = toMs ?? this.deps.nowMs() + 1;
    return this.deps.storage.setpoints.list({ siteId, fromMs: fromMs ?? to - 86_400_000, toMs: to });
  }
}
