import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { importMarketData, powerSpec, StoredMarketData } from '../../src/adapters/market-history/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { MemoryStorage } from '../../src/adapters/storage/index.ts';
import { planFleetAt } from '../../src/core/backtest/plan-fleet-at.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import { DEFAULT_LIVE_FORECASTER, liveForecaster } from '../../src/core/forecast/forecasters.ts';
import { buildApp } from '../../src/server/app.ts';
import { defaultServerConfig } from '../../src/server/server-deps.ts';
import { liveMarketSnapshot } from '../../src/server/services/market-feeds/live-market.ts';
import { exampleFleet } from './app-harness.ts';

// The live loop plans on stored history as known at its step; replaying that instant from storage
// through the backtester's planning (planFleetAt) gives the same decision, even after corrections
// and later points arrived.
const T = Date.parse('2024-06-12T15:00:00Z');
const SITES = ['tx-west-1', 'tx-north-1'];

describe('live decisions replayed from stored history', () => {
  it('the backtester planning the same interval as of the same instant decides the same', async () => {
    const files = await ReplayMarketData.load(dataDirFromEnv());
    const storage = new MemoryStorage();
    await importMarketData(files, storage.marketHistory, 'file:shared-data');
    const fleet = parseFleet(
      { ...exampleFleet, sites: exampleFleet.sites.filter((s: { id: string }) => SITES.includes(s.id)) },
      'fleet.yaml',
    );
    const solver = await HighsSolver.load();
    const app = await buildApp({
      storage,
      market: files,
      marketSnapshot: liveMarketSnapshot(storage.marketHistory, files),
      solver,
      clock: new ManualClock(T),
      publisher: { publishSetpoint: async () => undefined },
      config: defaultServerConfig,
    });
    await app.services.fleet.importFleet(fleet, 'test');
    expect((await app.services.loop.step(T)).ran).toBe(true);
    const [run] = await storage.allocations.latest(1);
    const live = new Map(run!.sites.map((s) => [s.siteId, s]));

    // After the step: a correction of the last real-time price and prices that came later.
    const series = powerSpec('ercot_rt_hb_west', 'USD', 900_000);
    await storage.marketHistory.append({
      series,
      source: 'feed:ercot-rt-hb-west',
      points: [
        { atMs: T - 900_000, knownAtMs: T + 3_600_000, value: 4_999 },
        { atMs: T, knownAtMs: T + 900_000, value: 5_000 },
      ],
    });

    const replayed = await StoredMarketData.load(storage.marketHistory, {
      reference: files,
      window: { asOfMs: T },
    });
    // The forecaster the live loop plans on.
    const forecaster = liveForecaster(defaultServerConfig.forecaster ?? DEFAULT_LIVE_FORECASTER);
    const plans = planFleetAt({ fleet, atMs: T, forecaster }, { market: replayed, solver });
    for (const plan of plans) {
      const stored = live.get(plan.siteId)!;
      expect(stored.error).toBeUndefined();
      const first = plan.decisions[0]!;
      expect(JSON.parse(JSON.stringify({ ...first, plannedValueUsd: plan.plannedValueUsd }))).toEqual(
        stored.decision,
      );
    }
    // The later view sees the correction; the replay as of T did not.
    const later = await StoredMarketData.load(storage.marketHistory, {
      reference: files,
      window: { asOfMs: T + 7_200_000 },
    });
    expect(later.priceSeries('ercot_rt_hb_west').at(T - 900_000)).toBe(4_999);
    expect(replayed.priceSeries('ercot_rt_hb_west').at(T - 900_000)).toBe(
      files.priceSeries('ercot_rt_hb_west').at(T - 900_000),
    );
    await app.close();
  }, 240_000);
});
