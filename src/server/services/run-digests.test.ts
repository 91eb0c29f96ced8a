import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../adapters/storage/memory-storage.ts';
import { RunDigests } from './run-digests.ts';

const INTERVAL_MS = 900_000;

describe('RunDigests.lastCompleted (the dashboard planned earnings)', () => {
  it('is the newest completed run while a newer one is still in progress', async () => {
    const storage = new MemoryStorage();
    const claim = (id: string, intervalStartMs: number) =>
      storage.allocations.claim(
        { id, intervalStartMs, startedAtMs: intervalStartMs, runner: 'a', inputs: {} },
        INTERVAL_MS,
      );
    await claim('run-1', 0);
    await storage.allocations.complete(
      'run-1',
      [{ siteId: 'tx-1', decision: {}, explanation: [], expectedCents: 4_800 }],
      10,
      5,
    );
    await claim('run-2', INTERVAL_MS);
    const runs = new RunDigests(storage);
    expect((await runs.latest(1))[0]).toMatchObject({ id: 'run-2', status: 'running', sites: [] });
    expect(await runs.lastCompleted()).toMatchObject({ id: 'run-1', status: 'completed' });
    expect((await runs.lastCompleted())!.sites[0]!.expectedCents).toBe(4_800);
  });

  it('is undefined before any run completed', async () => {
    expect(await new RunDigests(new MemoryStorage()).lastCompleted()).toBeUndefined();
  });
});
