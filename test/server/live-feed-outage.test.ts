import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { fetchTransport } from '../../src/adapters/feeds/http-transport.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { MemoryStorage, openStorage } from '../../src/adapters/storage/index.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import type { Storage } from '../../src/core/ports/storage.ts';
import { buildApp } from '../../src/server/app.ts';
import { defaultServerConfig } from '../../src/server/server-deps.ts';
import { feedsForFleet } from '../../src/server/services/market-feeds/configure-feeds.ts';
import { liveMarketSnapshot } from '../../src/server/services/market-feeds/live-market.ts';
import { type FakeFeedServer, startFakeFeedServer } from '../../src/sim/fake-feeds/fake-feed-server.ts';
import { createTestDatabase, type TestDatabase } from '../storage/postgres-test-database.ts';
import { exampleFleet } from './app-harness.ts';

// The live path on a manual clock: the fake feeds serve the shipped history at the clock, the real
// adapters poll them (after filling in their history), each step plans on stored history as known.
const MIN = 60_000;
const T0 = Date.parse('2024-06-12T15:00:00Z');
const fleet = parseFleet(
  {
    ...exampleFleet,
    sites: exampleFleet.sites.filter((s: { id: string }) => ['tx-west-1', 'ab-medicine-hat'].includes(s.id)),
  },
  'fleet.yaml',
);
let files: ReplayMarketData;
let fake: FakeFeedServer;
let clock: ManualClock;

beforeAll(async () => {
  files = await ReplayMarketData.load(dataDirFromEnv());
  clock = new ManualClock(T0);
  fake = await startFakeFeedServer(files, () => clock.nowMs());
});
afterAll(async () => {
  await fake?.close();
});

describe.each([
  ['memory', false],
  ['PostgreSQL', true],
])('live feeds through an outage (%s storage)', (_name, postgres) => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
  });

  it('plans every site from the filled-in history; a stopped feed alerts, plans go on the day-ahead price, recovery clears it', async () => {
    clock.set(T0);
    database = postgres ? await createTestDatabase() : undefined;
    const storage: Storage = database
      ? await openStorage({ databaseUrl: database.url })
      : new MemoryStorage();
    const app = await buildApp({
      storage,
      market: files,
      solver: await HighsSolver.load(),
      clock,
      publisher: { publishSetpoint: async () => undefined },
      config: defaultServerConfig,
      // No retries within a poll: the clock, not backoff sleeps, drives the outage.
      feeds: feedsForFleet(fleet.sites, fake.env(), fetchTransport).map((s) => ({ ...s, retries: 0 })),
      marketSnapshot: liveMarketSnapshot(storage.marketHistory, files),
    });
    try {
      await app.services.fleet.importFleet(fleet, 'test');
      const poller = app.services.feeds!;
      await poller.tick();
      const interval = () => Math.floor(clock.nowMs() / 900_000) * 900_000;
      expect((await app.services.loop.step(interval())).ran).toBe(true);
      const before = await storage.setpoints.latest('tx-west-1');
      expect(before!.reason).not.toMatch(/plan failed/);
      expect((await storage.setpoints.latest('ab-medicine-hat'))!.reason).not.toMatch(/plan failed/);

      fake.stop('ercot');
      for (let minute = 1; minute <= 21; minute++) {
        clock.advance(MIN);
        await poller.tick();
      }
      const open = (await storage.alerts.list({ open: true })).filter((a) => a.kind.startsWith('feed.stale'));
      expect(open.map((a) => `${a.kind} ${a.siteId}`)).toEqual(['feed.stale:ercot-rt-hb-west tx-west-1']);
      expect(open[0]!.message).toMatch(/ercot-rt-hb-west .*maximum age 20 min.*HTTP 503.*sites tx-west-1/);

      expect((await app.services.loop.step(interval())).ran).toBe(true);
      const during = await storage.setpoints.latest('tx-west-1');
      expect(during!.reason).not.toMatch(/plan failed/);
      expect(during!.reason).toMatch(
        /ERCOT real-time SPP, HB_WEST 21 min old \(maximum 20 min\): planning on the day-ahead price/,
      );
      expect(during!.curtailed).toBe(false);
      // No site sleeps for it: mining as before the outage (a price move alone could change that
      // at a few sites, not at the main Texas site on this June morning).
      expect(during!.miningMw).toBeGreaterThan(0);
      expect(before!.miningMw).toBeGreaterThan(0);
      expect((await storage.setpoints.latest('ab-medicine-hat'))!.reason).not.toMatch(/HB_WEST|plan failed/);

      fake.start('ercot');
      clock.advance(MIN);
      await poller.tick();
      expect(
        (await storage.alerts.list({ open: true })).filter((a) => a.kind.startsWith('feed.stale')),
      ).toEqual([]);
    } finally {
      fake.start('ercot');
      await app.close();
      await storage.close();
    }
  });
});
