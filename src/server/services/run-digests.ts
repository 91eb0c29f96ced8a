import type { AllocationRun, SiteDecisionRecord, Storage } from '../../core/ports/storage.ts';

/** One site's part of an allocation run, reduced to what the dashboard shows. */
export interface SiteDecisionDigest {
  readonly siteId: string;
  readonly expectedCents: number;
  readonly explanation: readonly string[];
  readonly error?: string;
  readonly miningMw: number;
  readonly gpuMw: number;
  readonly chargeMw: number;
  readonly dischargeMw: number;
  readonly exportMw: number;
  readonly importMw: number;
  readonly socMwh: number;
  /** Planned hashrate of the interval, TH/s (sum over miner groups). */
  readonly hashrateThs: number;
}

export interface RunDigest {
  readonly id: string;
  readonly intervalStartMs: number;
  readonly startedAtMs: number;
  readonly finishedAtMs?: number;
  readonly status: AllocationRun['status'];
  readonly runner: string;
  readonly solveMs?: number;
  readonly sites: readonly SiteDecisionDigest[];
}

/**
 * Recent allocation runs, digested once and kept (a completed run never changes). Each read asks
 * storage for the two newest runs and reloads the whole window only when those are not known yet,
 * so polling dashboards do not re-read megabytes of decisions every few seconds.
 */
export class RunDigests {
  private runs: RunDigest[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly keep = 200,
  ) {}

  /** The newest `limit` runs (at most `keep`), newest first. */
  async latest(limit: number): Promise<readonly RunDigest[]> {
    const wanted = Math.min(limit, this.keep);
    const head = await this.storage.allocations.latest(2);
    const known = (run: AllocationRun) =>
      this.runs.some((r) => r.id === run.id && r.status !== 'running' && run.status !== 'running');
    const fresh =
      head.length > 1 && known(head[1]!) ? head : await this.storage.allocations.latest(this.keep);
    const byId = new Map(this.runs.map((r) => [r.id, r]));
    for (const run of fresh) byId.set(run.id, digest(run));
    this.runs = [...byId.values()]
      .sort((a, b) => b.intervalStartMs - a.intervalStartMs || b.startedAtMs - a.startedAtMs)
      .slice(0, this.keep);
    return this.runs.slice(0, wanted);
  }

  /** The newest completed run among the kept ones (a run in progress, or failed, is passed over). */
  async lastCompleted(): Promise<RunDigest | undefined> {
    return (await this.latest(this.keep)).find((run) => run.status === 'completed');
  }
}

export function digest(run: AllocationRun): RunDigest {
  return {
    id: run.id,
    intervalStartMs: run.intervalStartMs,
    startedAtMs: run.startedAtMs,
    finishedAtMs: run.finishedAtMs,
    status: run.status,
    runner: run.runner,
    solveMs: run.solveMs,
    sites: run.sites.map(digestSite),
  };
}

function digestSite(record: SiteDecisionRecord): SiteDecisionDigest {
  const d = record.decision;
  const num = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : 0);
  const hashrates = (d.minerHashrateThs ?? {}) as Record<string, number>;
  return {
    siteId: record.siteId,
    expectedCents: record.expectedCents,
    explanation: record.explanation,
    ...(record.error ? { error: record.error } : {}),
    miningMw: num('miningMw'),
    gpuMw: num('gpuMw'),
    chargeMw: num('chargeMw'),
    dischargeMw: num('dischargeMw'),
    exportMw: num('exportMw'),
    importMw: num('importMw'),
    socMwh: num('socMwh'),
    hashrateThs: Object.values(hashrates).reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0),
  };
}
