import type { AllocationRun, SiteDecisionRecord, Storage } from '../../core/ports/storage.ts';
import type { RunDigest, RunDigestView, SiteDecisionDigest } from '../contracts/allocation-contract.ts';

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

  /**
   * The newest `limit` runs with totals over the sites shown (one site with `siteId`); only the
   * newest run lists its sites unless `detail` is `all`.
   */
  async views(limit: number, detail: 'latest' | 'all', siteId?: string): Promise<RunDigestView[]> {
    return (await this.latest(limit)).map((run, i) => {
      const sites = siteId ? run.sites.filter((s) => s.siteId === siteId) : run.sites;
      return {
        ...run,
        expectedCents: sites.reduce((t, s) => t + s.expectedCents, 0),
        siteCount: sites.length,
        errors: sites.filter((s) => s.error).length,
        curtailed: sites.filter((s) => s.explanation[0]?.startsWith('operator curtailment')).length,
        sites: detail === 'all' || i === 0 ? sites : [],
      };
    });
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
