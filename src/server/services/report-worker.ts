import { parentPort, workerData } from 'node:worker_threads';
import { ReplayMarketData } from '../../adapters/market-data/index.ts';
import { HighsSolver } from '../../adapters/solver/highs-solver.ts';
import {
  type MonthlyReportRequest,
  type SimulatedMonths,
  simulateMonths,
} from '../../core/accounting/run-monthly-report.ts';
import { type ErrorCode, SwitchyardError } from '../../core/errors/index.ts';

/** What a worker thread simulates: the report's request, on the market data of a data directory. */
export interface SimulationJob {
  readonly dataDir: string;
  readonly request: MonthlyReportRequest;
}

/** The worker's one message: the simulation (plain data, bigints included) or why it failed. */
export type SimulationReply =
  | { readonly ok: true; readonly sim: SimulatedMonths }
  | { readonly ok: false; readonly error: WorkerErrorData };

/** An error as it crosses the thread boundary (class instances do not): a SwitchyardError keeps its code. */
export interface WorkerErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: ErrorCode;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The step `switchyard report` runs (simulateMonths), on its own market data and a fresh solver. */
export async function runSimulationJob(job: SimulationJob): Promise<SimulatedMonths> {
  const [market, solver] = await Promise.all([ReplayMarketData.load(job.dataDir), HighsSolver.load()]);
  return simulateMonths(job.request, { market, solver });
}

export function workerErrorData(error: unknown): WorkerErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const base = { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return error instanceof SwitchyardError ? { ...base, code: error.code, details: error.details } : base;
}

/** Replies once; details that cannot be cloned are left out rather than lose the error. */
function reply(message: SimulationReply): void {
  try {
    parentPort?.postMessage(message);
  } catch {
    if (message.ok) throw new Error('the simulation could not be sent to the main thread');
    const { details: _details, ...error } = message.error;
    parentPort?.postMessage({ ok: false, error } satisfies SimulationReply);
  }
}

// Runs only as the worker's entry (workerData.entry), so the module can be imported anywhere else.
const data = workerData as { entry?: string; job?: SimulationJob } | null;
const job = data?.entry === import.meta.url ? data.job : undefined;
if (parentPort && job) {
  runSimulationJob(job).then(
    (sim) => reply({ ok: true, sim }),
    (error: unknown) => reply({ ok: false, error: workerErrorData(error) }),
  );
}
