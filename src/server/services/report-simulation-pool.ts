import { Worker } from 'node:worker_threads';
import {
  type MonthlyReportRequest,
  type SimulatedMonths,
  simulateMonths,
} from '../../core/accounting/run-monthly-report.ts';
import { errorCodes, SwitchyardError } from '../../core/errors/index.ts';
import type { LpSolver } from '../../core/ports/lp-solver.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { SimulationReply, WorkerErrorData } from './report-worker.ts';

/** Runs the expensive step of a monthly report (the backtest of the month and the month before). */
export interface ReportSimulator {
  simulate(request: MonthlyReportRequest): Promise<SimulatedMonths>;
  /** Stops what runs and refuses what is queued. */
  close(): Promise<void>;
}

/** In a worker thread when the server knows its market-data directory, else on the event loop. */
export function reportSimulator(deps: {
  readonly market: MarketData;
  readonly solver: LpSolver;
  readonly marketDataDir?: string;
  readonly log?: SimulationLog;
}): ReportSimulator {
  return deps.marketDataDir
    ? new ReportSimulationPool({ dataDir: deps.marketDataDir, ...(deps.log ? { log: deps.log } : {}) })
    : inProcessSimulator(deps.market, deps.solver);
}

/** On the event loop (synchronous: nothing else is answered meanwhile); for tests with a MarketData instance. */
export function inProcessSimulator(market: MarketData, solver: LpSolver): ReportSimulator {
  return {
    simulate: (request) => Promise.resolve().then(() => simulateMonths(request, { market, solver })),
    close: async () => {},
  };
}

export interface SimulationLog {
  info(obj: object, msg: string): void;
}

const BOOT = new URL('./report-worker-boot.mjs', import.meta.url);
// Compiled (dist/, plain node) the worker's module is JavaScript; from src/ (tsx) it is TypeScript.
const ENTRY = new URL(
  import.meta.url.endsWith('.js') ? './report-worker.js' : './report-worker.ts',
  import.meta.url,
);

/**
 * Simulations in worker threads, one at a time (a queue): each job starts a worker that loads the
 * market data of `dataDir` and a fresh solver, runs `simulateMonths` (as the CLI does) and replies
 * with plain data. A crash or an unexpected error becomes SY_ERR_INTERNAL naming the cause; an error
 * the simulation throws on purpose (a SwitchyardError: data not covered...) keeps its code. Either
 * way the next job runs.
 */
export class ReportSimulationPool implements ReportSimulator {
  readonly #dataDir: string;
  readonly #entry: URL;
  readonly #log: SimulationLog | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #worker: Worker | undefined;
  #started = 0;
  #closed = false;

  /** @param options.entry the worker's module (tests substitute one that fails on purpose). */
  constructor(options: { dataDir: string; entry?: URL; log?: SimulationLog }) {
    this.#dataDir = options.dataDir;
    this.#entry = options.entry ?? ENTRY;
    this.#log = options.log;
  }

  /** Whether a worker is simulating now. */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /** Workers started so far. */
  get started(): number {
    return this.#started;
  }

  simulate(request: MonthlyReportRequest): Promise<SimulatedMonths> {
    const run = this.#tail.then(() => this.#run(request));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker?.terminate();
  }

  #run(request: MonthlyReportRequest): Promise<SimulatedMonths> {
    const { month } = request;
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(failure(month, new Error('the server is closing')));
      let worker: Worker;
      try {
        worker = new Worker(BOOT, {
          workerData: { entry: this.#entry.href, job: { dataDir: this.#dataDir, request } },
        });
      } catch (error) {
        return reject(failure(month, error));
      }
      this.#worker = worker;
      this.#started += 1;
      const startedMs = Date.now();
      this.#log?.info({ month, strategy: request.strategy }, 'report simulation started in a worker thread');
      let settled = false;
      const settle = (done: () => void) => {
        if (settled) return;
        settled = true;
        this.#worker = undefined;
        void worker.terminate().catch(() => undefined);
        this.#log?.info({ month, ms: Date.now() - startedMs }, 'report simulation ended');
        done();
      };
      worker.once('message', (reply: SimulationReply) =>
        settle(() => (reply.ok ? resolve(reply.sim) : reject(fromWorker(month, reply.error)))),
      );
      worker.once('error', (error) => settle(() => reject(failure(month, error))));
      worker.once('messageerror', (error) => settle(() => reject(failure(month, error))));
      worker.once('exit', (code) =>
        settle(() =>
          reject(
            failure(
              month,
              new Error(
                this.#closed
                  ? 'the server is closing'
                  : `the worker thread exited (code ${code}) before sending the simulation`,
              ),
            ),
          ),
        ),
      );
    });
  }
}

/** A worker that failed: SY_ERR_INTERNAL, the cause kept (logged, never sent to the client). */
function failure(month: string, cause: unknown): SwitchyardError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new SwitchyardError(
    'SY_ERR_INTERNAL',
    `the report simulation of ${month} failed in its worker thread: ${message}`,
    { month, cause: message },
    { cause },
  );
}

/** The simulation's own error: a SwitchyardError keeps its code, message and details. */
function fromWorker(month: string, data: WorkerErrorData): SwitchyardError {
  const cause = Object.assign(new Error(data.message), { name: data.name, stack: data.stack });
  if (data.code && data.code in errorCodes)
    return new SwitchyardError(data.code, data.message, { ...data.details }, { cause });
  return failure(month, cause);
}
