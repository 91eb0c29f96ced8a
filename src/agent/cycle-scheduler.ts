import type { AgentLog } from './agent-log.ts';
import type { CycleReport, CycleTrigger } from './cycle-report.ts';
import { describeError } from './with-timeout.ts';

interface PendingPoll {
  readonly promise: Promise<CycleReport>;
  readonly resolve: (report: CycleReport) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * When cycles run. Poll and setpoint cycles run one at a time, in a queue: polls requested while
 * one waits are merged, and a poll stands in for a waiting setpoint cycle (it decides on the newest
 * setpoint too). A curtailment is the emergency path: it runs at once, alongside the cycle running
 * (if any), and the queue waits for it before starting the next cycle.
 */
export class CycleScheduler {
  readonly #run: (trigger: CycleTrigger) => Promise<CycleReport>;
  readonly #log: AgentLog;
  readonly #stopped: () => boolean;
  /** Curtailment cycles running now. */
  readonly #urgent = new Set<Promise<void>>();
  #pendingPoll: PendingPoll | undefined;
  #pendingSetpoint = false;
  #pumping: Promise<void> | undefined;

  /** `run` runs one cycle; once `stopped` says so, nothing new starts and waiting polls are rejected. */
  constructor(run: (trigger: CycleTrigger) => Promise<CycleReport>, log: AgentLog, stopped: () => boolean) {
    this.#run = run;
    this.#log = log;
    this.#stopped = stopped;
  }

  /** True while a cycle runs or waits. */
  get busy(): boolean {
    return this.#urgent.size > 0 || this.#pumping !== undefined;
  }

  /** The cycles running or waiting now, to wait on. */
  get inFlight(): readonly Promise<void>[] {
    return this.#pumping === undefined ? [...this.#urgent] : [...this.#urgent, this.#pumping];
  }

  /** Queues a poll cycle (merged with one already waiting); resolves with its report. */
  poll(): Promise<CycleReport> {
    if (this.#pendingPoll === undefined) {
      let resolve!: (report: CycleReport) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<CycleReport>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.#pendingPoll = { promise, resolve, reject };
    }
    const { promise } = this.#pendingPoll;
    this.#pump();
    return promise;
  }

  /** Queues a cycle for a new setpoint. */
  setpoint(): void {
    this.#pendingSetpoint = true;
    this.#pump();
  }

  /** Runs a curtailment cycle now, without waiting for the cycle running. */
  curtail(): void {
    const run = this.#run('curtail')
      .then(() => {})
      .catch((error: unknown) => this.#log.error({ err: describeError(error) }, 'curtailment cycle failed'))
      .finally(() => this.#urgent.delete(run));
    this.#urgent.add(run);
  }

  /** Resolves once the cycles running now (curtailments included) have finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.#urgent, this.#pumping]);
  }

  #pump(): void {
    if (this.#pumping !== undefined || this.#stopped()) return;
    this.#pumping = this.#drainQueue().finally(() => {
      this.#pumping = undefined;
      if (this.#pendingPoll !== undefined || this.#pendingSetpoint) this.#pump();
    });
  }

  async #drainQueue(): Promise<void> {
    while (!this.#stopped() && (this.#pendingPoll !== undefined || this.#pendingSetpoint)) {
      // A curtailment in progress goes first.
      await Promise.all(this.#urgent);
      const poll = this.#pendingPoll;
      this.#pendingPoll = undefined;
      // A poll also decides on the newest setpoint, so it stands in for a pending setpoint cycle.
      this.#pendingSetpoint = false;
      try {
        const report = await this.#run(poll !== undefined ? 'poll' : 'setpoint');
        poll?.resolve(report);
      } catch (error) {
        this.#log.error({ err: describeError(error) }, 'cycle failed');
        poll?.reject(error);
      }
    }
    if (this.#stopped() && this.#pendingPoll !== undefined) {
      this.#pendingPoll.reject(new Error('the site agent is stopped'));
      this.#pendingPoll = undefined;
    }
  }
}
