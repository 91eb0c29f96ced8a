import type { AllocationRepository, AllocationRun, SiteDecisionRecord } from '../../core/ports/storage.ts';
import { checkDecisionCents, runNotRunning } from './allocation-checks.ts';
import type { SqlDatabase } from './sql-database.ts';
import { jsonParam, num, present } from './sql-values.ts';

interface RunRow {
  id: string;
  interval_start_ms: number;
  started_at_ms: number;
  finished_at_ms: number | null;
  status: AllocationRun['status'];
  runner: string;
  inputs: Record<string, unknown>;
  solve_ms: number | null;
  sites: DecisionJson[];
}

interface DecisionJson {
  siteId: string;
  decision: Record<string, unknown>;
  explanation: string[];
  expectedCents: number;
  error: string | null;
}

const RUN_COLUMNS = 'id, interval_start_ms, started_at_ms, finished_at_ms, status, runner, inputs, solve_ms';

/** A run with its site decisions (in the order given to `complete`) gathered into one JSON column. */
const SELECT_RUN = `SELECT r.id, r.interval_start_ms, r.started_at_ms, r.finished_at_ms, r.status, r.runner, r.inputs,
  r.solve_ms,
  COALESCE((
    SELECT jsonb_agg(jsonb_build_object('siteId', d.site_id, 'decision', d.decision, 'explanation', d.explanation,
                                        'expectedCents', d.expected_cents, 'error', d.error) ORDER BY d.position)
    FROM allocation_decisions d WHERE d.run_id = r.id), '[]'::jsonb) AS sites
  FROM allocation_runs r`;

/**
 * Allocation runs, one per interval. `claim` is a single INSERT ... ON CONFLICT: the unique
 * interval makes exactly one of several racing replicas win; a `running` run whose start is more
 * than `staleAfterMs` before the claimer's start is replaced (its runner died). Expected earnings
 * are BIGINT cents.
 */
export class SqlAllocationRepository implements AllocationRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async claim(
    run: Omit<AllocationRun, 'sites' | 'status' | 'finishedAtMs'>,
    staleAfterMs: number,
    takeOverOtherRunners = false,
  ): Promise<AllocationRun | undefined> {
    const rows = await this.#db.query<{ id: string }>(
      `INSERT INTO allocation_runs (${RUN_COLUMNS})
       VALUES ($1, $2, $3, NULL, 'running', $4, $5::jsonb, $6)
       ON CONFLICT (interval_start_ms) DO UPDATE SET
         id = EXCLUDED.id, started_at_ms = EXCLUDED.started_at_ms, finished_at_ms = NULL, status = 'running',
         runner = EXCLUDED.runner, inputs = EXCLUDED.inputs, solve_ms = EXCLUDED.solve_ms, error = NULL
       WHERE allocation_runs.status = 'running' AND (
         allocation_runs.started_at_ms < EXCLUDED.started_at_ms - $7
         OR allocation_runs.started_at_ms > EXCLUDED.started_at_ms
         OR ($8::boolean AND allocation_runs.runner <> EXCLUDED.runner))
       RETURNING id`,
      [
        run.id,
        run.intervalStartMs,
        run.startedAtMs,
        run.runner,
        jsonParam(run.inputs),
        run.solveMs ?? null,
        staleAfterMs,
        takeOverOtherRunners,
      ],
    );
    if (rows.length === 0) return undefined;
    return {
      id: run.id,
      intervalStartMs: run.intervalStartMs,
      startedAtMs: run.startedAtMs,
      status: 'running',
      runner: run.runner,
      inputs: run.inputs,
      sites: [],
      ...present('solveMs', run.solveMs),
    };
  }

  /** Fails with SY_ERR_STORAGE_CONFLICT when the run is no longer running (finished, or taken over). */
  async complete(
    id: string,
    sites: readonly SiteDecisionRecord[],
    finishedAtMs: number,
    solveMs: number,
  ): Promise<void> {
    checkDecisionCents(id, sites);
    await this.#db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE allocation_runs SET status = 'completed', finished_at_ms = $2, solve_ms = $3
         WHERE id = $1 AND status = 'running' RETURNING id`,
        [id, finishedAtMs, solveMs],
      );
      if (updated.length === 0) throw runNotRunning(id);
      if (sites.length === 0) return;
      const rows = sites.map((site, position) => ({
        position,
        site_id: site.siteId,
        decision: site.decision,
        explanation: site.explanation,
        expected_cents: site.expectedCents,
        error: site.error ?? null,
      }));
      await tx.query(
        `INSERT INTO allocation_decisions (run_id, position, site_id, decision, explanation, expected_cents, error)
         SELECT $1, position, site_id, decision, explanation, expected_cents, error
         FROM jsonb_to_recordset($2::jsonb) AS d(position INTEGER, site_id TEXT, decision JSONB, explanation JSONB,
                                                 expected_cents BIGINT, error TEXT)`,
        [id, jsonParam(rows)],
      );
    });
  }

  /** Marks a running run failed; a no-op when it is no longer running (finished, or taken over). */
  async fail(id: string, error: string, finishedAtMs: number): Promise<void> {
    await this.#db.query(
      `UPDATE allocation_runs SET status = 'failed', finished_at_ms = $2, error = $3
       WHERE id = $1 AND status = 'running'`,
      [id, finishedAtMs, error],
    );
  }

  async get(id: string): Promise<AllocationRun | undefined> {
    const [row] = await this.#db.query<RunRow>(`${SELECT_RUN} WHERE r.id = $1`, [id]);
    return row === undefined ? undefined : toRun(row);
  }

  /** The `limit` runs with the latest intervals, newest first. */
  async latest(limit: number): Promise<AllocationRun[]> {
    const rows = await this.#db.query<RunRow>(`${SELECT_RUN} ORDER BY r.interval_start_ms DESC LIMIT $1`, [
      limit,
    ]);
    return rows.map(toRun);
  }

  async completedBetween(fromMs: number, toMs: number): Promise<AllocationRun[]> {
    const rows = await this.#db.query<RunRow>(
      `${SELECT_RUN} WHERE r.status = 'completed' AND r.interval_start_ms >= $1 AND r.interval_start_ms < $2
       ORDER BY r.interval_start_ms`,
      [fromMs, toMs],
    );
    return rows.map(toRun);
  }
}

function toRun(row: RunRow): AllocationRun {
  return {
    id: row.id,
    intervalStartMs: num(row.interval_start_ms),
    startedAtMs: num(row.started_at_ms),
    ...present('finishedAtMs', row.finished_at_ms === null ? null : num(row.finished_at_ms)),
    status: row.status,
    runner: row.runner,
    inputs: row.inputs,
    sites: row.sites.map(
      (site): SiteDecisionRecord => ({
        siteId: site.siteId,
        decision: site.decision,
        explanation: site.explanation,
        expectedCents: num(site.expectedCents),
        ...present('error', site.error),
      }),
    ),
    ...present('solveMs', row.solve_ms === null ? null : num(row.solve_ms)),
  };
}
