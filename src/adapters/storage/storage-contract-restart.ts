import { describe, expect, it } from 'vitest';
import type { ContractContext } from './storage-contract-context.ts';

/**
 * What a restart after kill -9 needs from storage (issue 13, defect 9): a leader lease taken on a
 * replay timeline that restarted behind it is free, and an interval whose run a dead runner left
 * `running` is re-run. Called inside the Storage contract's describe.
 */
export function restartContract(ctx: ContractContext): void {
  const { uid, nextInterval } = ctx;
  const storage = () => ctx.storage();

  describe('restart after a crash', () => {
    it('frees a leader lease expiring beyond now + ttl (a replay clock restarted behind it)', async () => {
      const lease = uid('lease');
      const later = 1_700_000_000_000;
      expect(await storage().leader.acquire(lease, 'dead', later, 60_000)).toBe(true);
      // The restarted process is at an earlier replay time: the lease cannot be a live holder's.
      expect(await storage().leader.acquire(lease, 'restarted', later - 3_600_000, 60_000)).toBe(true);
      expect(await storage().leader.acquire(lease, 'other', later - 3_600_000 + 1, 60_000)).toBe(false);
    });

    it('re-runs an interval whose run another runner left running, when the claimant holds the leader lease', async () => {
      const intervalStartMs = nextInterval();
      const run = (id: string, runner: string, startedAtMs: number) => ({
        id,
        intervalStartMs,
        startedAtMs,
        runner,
        inputs: {},
      });
      expect(
        await storage().allocations.claim(run(uid('run'), 'dead', intervalStartMs + 10), 900_000),
      ).toBeDefined();
      // Not stale yet, and the claimant does not say it leads: left alone.
      expect(
        await storage().allocations.claim(run(uid('run'), 'new', intervalStartMs + 20), 900_000),
      ).toBeUndefined();
      const rerun = uid('run');
      expect(
        await storage().allocations.claim(run(rerun, 'new', intervalStartMs + 30), 900_000, true),
      ).toMatchObject({
        id: rerun,
        status: 'running',
      });
      expect(await storage().allocations.get(rerun)).toMatchObject({ runner: 'new', status: 'running' });
      // Its own run is not taken from itself.
      expect(
        await storage().allocations.claim(run(uid('run'), 'new', intervalStartMs + 40), 900_000, true),
      ).toBeUndefined();
    });

    it('takes over a running run started later than now (the clock went back)', async () => {
      const intervalStartMs = nextInterval();
      const base = { intervalStartMs, inputs: {} };
      await storage().allocations.claim(
        { ...base, id: uid('run'), runner: 'r', startedAtMs: intervalStartMs + 500 },
        900_000,
      );
      const again = uid('run');
      expect(
        await storage().allocations.claim(
          { ...base, id: again, runner: 'r', startedAtMs: intervalStartMs + 5 },
          900_000,
        ),
      ).toMatchObject({ id: again });
    });
  });
}
