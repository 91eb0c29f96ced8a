import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonthlyReportRequest } from '../../src/core/accounting/run-monthly-report.ts';
import { SwitchyardError } from '../../src/core/errors/index.ts';
import type { Fleet } from '../../src/core/fleet/fleet-schema.ts';
import { ReportSimulationPool } from '../../src/server/services/report-simulation-pool.ts';

const entry = new URL('./report-worker-faults.ts', import.meta.url);
const job = (month: string): MonthlyReportRequest => ({ fleet: { sites: [] } as unknown as Fleet, month });
/** The error a promise rejects with. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('it should have failed'),
    (e: unknown) => e as SwitchyardError,
  );

describe('the report simulation pool (worker threads)', () => {
  let pool: ReportSimulationPool;
  afterEach(() => pool?.close());

  it('runs one worker at a time, and the simulation crosses the thread boundary intact', async () => {
    pool = new ReportSimulationPool({ dataDir: '/nowhere', entry });
    const [first, second] = await Promise.all([pool.simulate(job('2001-04')), pool.simulate(job('2001-05'))]);
    expect(pool.started).toBe(2);
    expect(pool.running).toBe(false);
    expect(Number(second.notes[0])).toBeGreaterThanOrEqual(Number(first.notes[1]));
    expect(first.current.month).toBe('2001-04');
    expect(first.current.siteDays[0]?.btcMinedSats).toBe(2n ** 70n);
    expect(first.current.drEvents[0]).toHaveProperty('creditMicroUsdPerMwh', undefined);
    expect(first.current.drEvents[0]?.creditMicroUsd).toBe(-1n);
  });

  it('turns a crash or an exception into SY_ERR_INTERNAL with the cause, keeps the code of a SwitchyardError, and runs the next job', async () => {
    pool = new ReportSimulationPool({ dataDir: '/nowhere', entry });
    const runs = ['2001-01', '2001-02', '2001-03', '2001-06'].map((m) => pool.simulate(job(m)));
    const exited = await failure(runs[0]!);
    expect(exited).toBeInstanceOf(SwitchyardError);
    expect(exited.code).toBe('SY_ERR_INTERNAL');
    expect(exited.message).toMatch(/^the report simulation of 2001-01 failed in its worker thread: .*code 7/);
    expect(exited.cause).toBeInstanceOf(Error);
    const thrown = await failure(runs[1]!);
    expect(thrown.code).toBe('SY_ERR_INTERNAL');
    expect(thrown.details).toEqual({ month: '2001-02', cause: 'boom in the worker' });
    expect((thrown.cause as Error).message).toBe('boom in the worker');
    const refused = await failure(runs[2]!);
    expect(refused).toMatchObject({ code: 'SY_ERR_DATA_NOT_COVERED', message: 'no data' });
    expect(refused.details).toEqual({ month: '2001-03' });
    expect((await runs[3]!).current.month).toBe('2001-06');
    expect(pool.started).toBe(4);
  });

  it('closing stops the running worker and refuses the queued job', async () => {
    pool = new ReportSimulationPool({ dataDir: '/nowhere', entry });
    const running = failure(pool.simulate(job('2001-07')));
    const queued = failure(pool.simulate(job('2001-08')));
    while (!pool.running) await sleep(10);
    await pool.close();
    for (const error of [await running, await queued]) {
      expect(error.code).toBe('SY_ERR_INTERNAL');
      expect(error.message).toMatch(/the server is closing$/);
    }
    expect(pool.started).toBe(1);
  });

  it('fails clearly when the worker cannot load the market data', async () => {
    pool = new ReportSimulationPool({ dataDir: '/nowhere' });
    const error = await failure(pool.simulate(job('2023-08')));
    expect(error.code).toBe('SY_ERR_DATA_FILE_MISSING');
    expect(error.message).toMatch(/\/nowhere/);
  });
});
