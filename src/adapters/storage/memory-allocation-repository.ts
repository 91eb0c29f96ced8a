import type { AllocationRepository, AllocationRun, SiteDecisionRecord } from '../../core/ports/storage.ts';
import { checkDecisionCents, runNotRunning } from './allocation-checks.ts';
import { copy, type MemoryState } from './memory-state.ts';

/** In-memory AllocationRepository with the claim and takeover rules of SqlAllocationRepository. */
export class MemoryAllocationRepository implements AllocationRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async claim(
    run: Omit<AllocationRun, 'sites' | 'status' | 'finishedAtMs'>,
    staleAfterMs: number,
    takeOverOtherRunners = false,
  ): Promise<AllocationRun | undefined> {
    const existing = [...this.#state.runs.values()].find(
      (stored) => stored.run.intervalStartMs === run.intervalStartMs,
    );
    if (existing !== undefined) {
      const stale =
        existing.run.status === 'running' &&
        (existing.run.startedAtMs < run.startedAtMs - staleAfterMs ||
          existing.run.startedAtMs > run.startedAtMs ||
          (takeOverOtherRunners && existing.run.runner !== run.runner));
      if (!stale) return undefined;
      this.#state.runs.delete(existing.run.id);
    }
    const claimed: AllocationRun = { ...copy(run), status: 'running', sites: [] };
    this.#state.runs.set(run.id, { run: claimed });
    return copy(claimed);
  }

  async complete(
    id: string,
    sites: readonly SiteDecisionRecord[],
    finishedAtMs: number,
    solveMs: number,
  ): Promise<void> {
    checkDecisionCents(id, sites);
    const stored = this.#running(id);
    stored.run = { ...stored.run, status: 'completed', finishedAtMs, solveMs, sites: copy(sites) };
  }

  async fail(id: string, error: string, finishedAtMs: number): Promise<void> {
    const stored = this.#state.runs.get(id);
    if (stored === undefined || stored.run.status !== 'running') return;
    stored.run = { ...stored.run, status: 'failed', finishedAtMs };
    stored.error = error;
  }

  async get(id: string): Promise<AllocationRun | undefined> {
    const stored = this.#state.runs.get(id);
    return stored === undefined ? undefined : copy(stored.run);
  }

  async latest(limit: number): Promise<AllocationRun[]> {
    return [...this.#state.runs.values()]
      .map((stored) => stored.run)
      .sort((a, b) => b.intervalStartMs - a.intervalStartMs)
      .slice(0, limit)
      .map(copy);
  }

  async completedBetween(fromMs: number, toMs: number): Promise<AllocationRun[]> {
    return [...this.#state.runs.values()]
      .map((stored) => stored.run)
      .filter((r) => r.status === 'completed' && r.intervalStartMs >= fromMs && r.intervalStartMs < toMs)
      .sort((a, b) => a.intervalStartMs - b.intervalStartMs)
      .map(copy);
  }

  #running(id: string) {
    const stored = this.#state.runs.get(id);
    if (stored === undefined || stored.run.status !== 'running') throw runNotRunning(id);
    return stored;
  }
}
