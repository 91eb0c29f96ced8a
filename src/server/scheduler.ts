import type { Clock } from '../core/ports/clock.ts';
import type { LeaderLease } from '../core/ports/storage.ts';

/** Calls `tick` every `everyMs` of wall time until the returned function is called. */
export type WallTimer = (everyMs: number, tick: () => void) => () => void;

/** The process's timers (unref'd: a timer alone never keeps the server up). */
export const wallTimer: WallTimer = (everyMs, tick) => {
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
};

/** A periodic job of the server: one tick at a time (a check while one runs is skipped). */
export interface ScheduledJob {
  readonly name: string;
  /** Wall time between checks, ms. */
  readonly everyMs: number;
  /**
   * Ticks only once per interval of this length on the server's clock (the allocation interval):
   * checked every `everyMs`, run with the start of each new interval. Absent: every check ticks.
   */
  readonly clockIntervalMs?: number;
  /** Ticks only on the replica holding this leader lease (taken or renewed for `ttlMs` first). */
  readonly leader?: { readonly lease: string; readonly ttlMs: number };
  /** One tick at `nowMs` (the server's clock; the interval start for a `clockIntervalMs` job). */
  tick(nowMs: number): Promise<unknown>;
}

/** Leader election over the storage's leases, for this replica. */
export class LeaderElection {
  constructor(
    private readonly leases: LeaderLease,
    private readonly instanceId: string,
    private readonly clock: Clock,
  ) {}

  /** Takes or renews `lease` for `ttlMs`; true when this replica holds it afterwards. */
  holds(lease: string, ttlMs: number): Promise<boolean> {
    return this.leases.acquire(lease, this.instanceId, this.clock.nowMs(), ttlMs);
  }
}

interface JobEntry {
  readonly job: ScheduledJob;
  /** The last clock interval ticked (clock-interval jobs). */
  lastIntervalMs: number;
  /** The tick in flight (or the last one). */
  running: Promise<unknown>;
  busy: boolean;
}

export interface SchedulerOptions {
  readonly clock: Clock;
  readonly leader: LeaderElection;
  readonly log: { error(details: object, message: string): void };
  /** The wall-time timer (default `wallTimer`; tests drive a manual one). */
  readonly timer?: WallTimer;
}

/**
 * The one place the server's periodic work is timed: every job (allocation, lease running,
 * feed polling, telemetry retention, Slurm reconciliation) is registered here with its period and
 * leader lease, started together and stopped together (waiting for ticks in flight). A failed
 * tick is logged and the next one runs as usual.
 */
export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #jobs: JobEntry[] = [];
  readonly #cancels: (() => void)[] = [];
  #started = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  get leader(): LeaderElection {
    return this.#options.leader;
  }

  /** Registers a job (started at once when the scheduler runs already). */
  add(job: ScheduledJob): void {
    if (this.#jobs.some((j) => j.job.name === job.name))
      throw new Error(`job ${job.name} is scheduled twice`);
    const entry: JobEntry = {
      job,
      lastIntervalMs: Number.NEGATIVE_INFINITY,
      running: Promise.resolve(),
      busy: false,
    };
    this.#jobs.push(entry);
    if (this.#started) this.#startOne(entry);
  }

  /** The names of the jobs registered, in order. */
  get jobs(): string[] {
    return this.#jobs.map((j) => j.job.name);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const entry of this.#jobs) this.#startOne(entry);
  }

  /** Stops every timer, then waits for the ticks in flight. */
  async stop(): Promise<void> {
    this.#started = false;
    for (const cancel of this.#cancels.splice(0)) cancel();
    await Promise.all(this.#jobs.map((j) => j.running));
  }

  #startOne(entry: JobEntry): void {
    const { job } = entry;
    const timer = this.#options.timer ?? wallTimer;
    this.#cancels.push(
      timer(job.everyMs, () => {
        let at = this.#options.clock.nowMs();
        if (job.clockIntervalMs !== undefined) {
          // Every interval ticks once, in order: one that starts while a tick runs waits for it.
          at = Math.floor(at / job.clockIntervalMs) * job.clockIntervalMs;
          if (at <= entry.lastIntervalMs) return;
          entry.lastIntervalMs = at;
        } else if (entry.busy) {
          // A tick still in flight: this check is skipped (ticks never pile up behind a slow one).
          return;
        }
        entry.busy = true;
        const tick = async () => {
          if (job.leader && !(await this.leader.holds(job.leader.lease, job.leader.ttlMs))) return;
          await job.tick(at);
        };
        entry.running = entry.running
          .then(tick)
          .catch((error) => this.#options.log.error({ err: error, job: job.name }, `${job.name} tick failed`))
          .finally(() => {
            entry.busy = false;
          });
      }),
    );
  }
}
