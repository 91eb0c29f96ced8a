import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteDecisionRecord, Storage } from '../../core/ports/storage.ts';
import { type ContractContext, DAY_MS } from './storage-contract-context.ts';

/** The allocation repository's contract. Called inside the Storage contract's describe (storage.contract.ts). */
export function allocationsContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid, nextInterval } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
  });

  describe('allocations', () => {
    const decisions: SiteDecisionRecord[] = [
      {
        siteId: 'tx-west-1',
        decision: { miningMw: 40, aiMw: 2 },
        explanation: ['price below breakeven'],
        expectedCents: 123_456_789,
      },
      { siteId: 'ab-north-1', decision: {}, explanation: [], expectedCents: -5, error: 'infeasible' },
    ];

    it('claims an interval once and completes the run with its decisions', async () => {
      const intervalStartMs = nextInterval();
      const id = uid('run');
      const run = await storage.allocations.claim(
        {
          id,
          intervalStartMs,
          startedAtMs: intervalStartMs + 10,
          runner: 'replica-a',
          inputs: { prices: [1.5, 2] },
        },
        60_000,
      );
      expect(run).toEqual({
        id,
        intervalStartMs,
        startedAtMs: intervalStartMs + 10,
        status: 'running',
        runner: 'replica-a',
        inputs: { prices: [1.5, 2] },
        sites: [],
      });
      const again = await storage.allocations.claim(
        {
          id: uid('run'),
          intervalStartMs,
          startedAtMs: intervalStartMs + 20,
          runner: 'replica-b',
          inputs: {},
        },
        60_000,
      );
      expect(again).toBeUndefined();
      expect(await storage.allocations.get(id)).toEqual(run);

      await storage.allocations.complete(id, decisions, intervalStartMs + 900, 812.5);
      expect(await storage.allocations.get(id)).toEqual({
        ...run,
        status: 'completed',
        finishedAtMs: intervalStartMs + 900,
        solveMs: 812.5,
        sites: decisions,
      });
      // Completed: never taken over, however old.
      expect(
        await storage.allocations.claim(
          {
            id: uid('run'),
            intervalStartMs,
            startedAtMs: intervalStartMs + DAY_MS,
            runner: 'b',
            inputs: {},
          },
          60_000,
        ),
      ).toBeUndefined();
      await expect(storage.allocations.complete(id, [], intervalStartMs + 1_000, 1)).rejects.toMatchObject({
        code: 'SY_ERR_STORAGE_CONFLICT',
      });
    });

    it('takes over a running run only once it is stale', async () => {
      const intervalStartMs = nextInterval();
      const dead = uid('run');
      await storage.allocations.claim(
        { id: dead, intervalStartMs, startedAtMs: intervalStartMs, runner: 'replica-a', inputs: {} },
        60_000,
      );
      const fresh = await storage.allocations.claim(
        {
          id: uid('run'),
          intervalStartMs,
          startedAtMs: intervalStartMs + 60_000,
          runner: 'replica-b',
          inputs: {},
        },
        60_000,
      );
      expect(fresh).toBeUndefined();
      const takeoverId = uid('run');
      const takeover = await storage.allocations.claim(
        {
          id: takeoverId,
          intervalStartMs,
          startedAtMs: intervalStartMs + 60_001,
          runner: 'replica-b',
          inputs: {},
        },
        60_000,
      );
      expect(takeover).toMatchObject({ id: takeoverId, runner: 'replica-b', status: 'running' });
      expect(await storage.allocations.get(dead)).toBeUndefined();
      // The dead runner's late completion is refused; its failure report is ignored.
      await expect(
        storage.allocations.complete(dead, decisions, intervalStartMs + 70_000, 5),
      ).rejects.toMatchObject({
        code: 'SY_ERR_STORAGE_CONFLICT',
      });
      await storage.allocations.fail(dead, 'late', intervalStartMs + 70_000);
      await storage.allocations.complete(takeoverId, [], intervalStartMs + 80_000, 5);
      expect((await storage.allocations.get(takeoverId))?.status).toBe('completed');
    });

    it('records a failed run, which is not claimed again', async () => {
      const intervalStartMs = nextInterval();
      const id = uid('run');
      await storage.allocations.claim(
        { id, intervalStartMs, startedAtMs: intervalStartMs, runner: 'a', inputs: {} },
        1,
      );
      await storage.allocations.fail(id, 'solver timed out', intervalStartMs + 500);
      expect(await storage.allocations.get(id)).toMatchObject({
        status: 'failed',
        finishedAtMs: intervalStartMs + 500,
        sites: [],
      });
      expect(
        await storage.allocations.claim(
          {
            id: uid('run'),
            intervalStartMs,
            startedAtMs: intervalStartMs + DAY_MS,
            runner: 'b',
            inputs: {},
          },
          1,
        ),
      ).toBeUndefined();
    });

    it('lets exactly one of several racing claims win', async () => {
      const intervalStartMs = nextInterval();
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          storage.allocations.claim(
            {
              id: uid('run'),
              intervalStartMs,
              startedAtMs: intervalStartMs,
              runner: `replica-${i}`,
              inputs: {},
            },
            60_000,
          ),
        ),
      );
      expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
    });

    it('refuses fractional cents', async () => {
      const intervalStartMs = nextInterval();
      const id = uid('run');
      await storage.allocations.claim(
        { id, intervalStartMs, startedAtMs: intervalStartMs, runner: 'a', inputs: {} },
        1,
      );
      await expect(
        storage.allocations.complete(id, [{ ...decisions[0]!, expectedCents: 10.5 }], intervalStartMs + 1, 1),
      ).rejects.toMatchObject({ code: 'SY_ERR_INTERNAL' });
      expect((await storage.allocations.get(id))?.status).toBe('running');
    });

    it('lists the latest runs, newest interval first', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const intervalStartMs = nextInterval();
        const id = uid('run');
        ids.push(id);
        await storage.allocations.claim(
          { id, intervalStartMs, startedAtMs: intervalStartMs, runner: 'a', inputs: {} },
          1,
        );
      }
      await storage.allocations.complete(ids[1]!, decisions, 0, 1);
      const latest = await storage.allocations.latest(2);
      expect(latest.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      expect(latest[1]!.sites).toEqual(decisions);
      // The plan of a period: only completed runs whose interval starts in it, oldest first.
      const first = (await storage.allocations.get(ids[0]!))!.intervalStartMs;
      const last = (await storage.allocations.get(ids[2]!))!.intervalStartMs;
      const between = await storage.allocations.completedBetween(first, last + 1);
      expect(between.map((r) => r.id)).toEqual([ids[1]]);
      expect(between[0]!.sites).toEqual(decisions);
      expect(
        await storage.allocations.completedBetween(
          first,
          (await storage.allocations.get(ids[1]!))!.intervalStartMs,
        ),
      ).toEqual([]);
    });
  });
}
