import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { MemoryStorage } from '../../src/adapters/storage/index.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import type { SetpointRecord } from '../../src/core/ports/storage.ts';
import { buildApp } from '../../src/server/app.ts';
import { defaultServerConfig } from '../../src/server/server-deps.ts';
import { exampleFleet } from './app-harness.ts';

const SITES = ['tx-west-1', 'tx-north-1'];
const T = Date.parse('2023-08-10T19:00:00Z');

describe('the allocation tick', () => {
  it('writes every site although the broker fails for one, names the failed write, and ticks on the configured interval', async () => {
    const storage = new MemoryStorage();
    const published: SetpointRecord[] = [];
    const clock = new ManualClock(T + 7 * 60_000);
    const app = await buildApp({
      storage,
      market: await ReplayMarketData.load(dataDirFromEnv()),
      solver: await HighsSolver.load(),
      clock,
      publisher: {
        publishSetpoint: async (s) => {
          if (s.siteId === 'tx-west-1') throw new Error('broker unreachable');
          published.push(s);
        },
      },
      config: { ...defaultServerConfig, intervalMinutes: 5 },
    });
    const fleet = parseFleet(
      { ...exampleFleet, sites: exampleFleet.sites.filter((s: { id: string }) => SITES.includes(s.id)) },
      'fleet.yaml',
    );
    await app.services.fleet.importFleet(fleet, 'test');
    const job = app.services.loop.job();
    expect(job.clockIntervalMs).toBe(5 * 60_000);

    const step = await app.services.loop.step(T + 5 * 60_000);
    expect(step.ran).toBe(true);
    expect(step.failedWrites).toEqual([
      { writer: 'broker', subject: 'tx-west-1', output: 'setpoint publish', error: 'broker unreachable' },
    ]);
    // Both sites have their setpoint stored; the other site's was published.
    for (const siteId of SITES) expect((await storage.setpoints.latest(siteId))?.runId).toBe(step.runId);
    expect(published.map((s) => s.siteId)).toEqual(['tx-north-1']);
    const [run] = await storage.allocations.latest(1);
    expect(run).toMatchObject({ status: 'completed', intervalStartMs: T + 5 * 60_000 });
    expect(run!.sites.map((s) => s.siteId).sort()).toEqual([...SITES].sort());
    await app.close();
  }, 120_000);
});
