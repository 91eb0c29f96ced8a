import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFleet, type Harness, startHarness } from './app-harness.ts';

const T0 = Date.parse('2023-08-10T19:05:00Z');
const INTERVAL_MS = 15 * 60_000;

/**
 * Issue 13, defect 9, on the server built by buildApp: a process killed mid-interval left the
 * allocator lease (taken at a later replay time, when restarted without --replay-anchor) and its
 * run `running`. The restarted server acquires the lease and re-runs the interval.
 */
describe('allocation after a crash in replay mode', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ atMs: T0 });
    expect((await h.call('POST', '/api/v1/fleet/import', { body: exampleFleet })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('takes the lease a dead process held at a later replay time and re-runs the interval it left running', async () => {
    const intervalStartMs = Math.floor(T0 / INTERVAL_MS) * INTERVAL_MS;
    // The dead process: replay time two hours ahead (the restart without an anchor went back).
    expect(await h.storage.leader.acquire('allocator', 'server-dead', T0 + 7_200_000, INTERVAL_MS)).toBe(
      true,
    );
    const abandoned = await h.storage.allocations.claim(
      { id: 'run-of-dead', intervalStartMs, startedAtMs: T0 - 1_000, runner: 'server-dead', inputs: {} },
      INTERVAL_MS,
    );
    expect(abandoned?.status).toBe('running');
    const step = await h.call('POST', '/api/v1/allocation/run');
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ ran: true });
    const run = await h.call('GET', `/api/v1/allocation/runs/${step.body.runId}`);
    expect(run.body).toMatchObject({ intervalStartMs, status: 'completed' });
    expect(await h.storage.allocations.get('run-of-dead')).toBeUndefined();
  });
});
