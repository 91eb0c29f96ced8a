import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { dataDirFromEnv, FakeMarketData, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { powerSpec } from '../../src/adapters/market-history/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { MemoryStorage } from '../../src/adapters/storage/index.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import type { MarketData } from '../../src/core/ports/market-data.ts';
import type { FeedReading, MarketFeed } from '../../src/core/ports/market-feed.ts';
import { buildApp } from '../../src/server/app.ts';
import { defaultServerConfig } from '../../src/server/server-deps.ts';
import { exampleFleet } from './app-harness.ts';

const MIN = 60_000;
const T0 = Date.parse('2024-06-12T15:00:00Z');

/** A feed whose provider can be switched off: answers one 15-min ERCOT West price per poll. */
class SwitchableFeed implements MarketFeed {
  readonly id = 'ercot-rt-hb-west';
  readonly description = 'ERCOT real-time SPP, HB_WEST';
  up = true;
  polls = 0;
  async poll(nowMs: number): Promise<FeedReading[]> {
    this.polls++;
    if (!this.up) throw new Error('connect ECONNREFUSED');
    const atMs = Math.floor(nowMs / 900_000) * 900_000 - 900_000;
    return [
      {
        series: powerSpec('ercot_rt_hb_west', 'USD', 900_000),
        points: [{ atMs, knownAtMs: nowMs, value: 30 + this.polls }],
      },
    ];
  }
}

const fleetOf = (ids: string[]) =>
  parseFleet(
    { ...exampleFleet, sites: exampleFleet.sites.filter((s: { id: string }) => ids.includes(s.id)) },
    'fleet.yaml',
  );

async function appWith(market: MarketData, feed?: SwitchableFeed) {
  const storage = new MemoryStorage();
  const clock = new ManualClock(T0);
  const app = await buildApp({
    storage,
    market,
    solver: await HighsSolver.load(),
    clock,
    publisher: { publishSetpoint: async () => undefined },
    config: defaultServerConfig,
    feeds: feed ? [{ feed, everyMs: MIN, timeoutMs: 1000, maxAgeMs: 20 * MIN, retries: 1 }] : [],
  });
  await app.services.fleet.importFleet(fleetOf(['tx-west-1', 'ab-medicine-hat']), 'test');
  return { app, storage, clock };
}

describe('live market feeds and the allocation loop', () => {
  let files: ReplayMarketData;
  beforeAll(async () => {
    files = await ReplayMarketData.load(dataDirFromEnv());
  });

  it('stores polled points once, keeps a health record, and shows it in the API and /metrics', async () => {
    const feed = new SwitchableFeed();
    const { app, storage, clock } = await appWith(files, feed);
    const poller = app.services.feeds!;
    await poller.tick();
    await poller.tick(); // not due yet: no second poll
    expect(feed.polls).toBe(1);
    clock.advance(MIN);
    await poller.tick();
    const stored = await storage.marketHistory.points('power:ercot_rt_hb_west');
    expect(stored.map((p) => p.source)).toEqual(['feed:ercot-rt-hb-west']);
    expect(stored[0]!.value).toBe(32);
    const { key } = await app.services.auth.create({ name: 'ops', role: 'operator' }, 'test');
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/market/feeds',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.statusCode).toBe(200);
    const [health] = response.json().feeds;
    expect(health).toMatchObject({
      feedId: 'ercot-rt-hb-west',
      consecutiveFailures: 0,
      ageMs: 0,
      stale: false,
      lastPoints: 1,
    });
    expect(health.lastValue).toMatchObject({ key: 'power:ercot_rt_hb_west', value: 32 });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/switchyard_feed_polls_total\{feed="ercot-rt-hb-west",result="ok"\} 2/);
    expect(metrics.body).toMatch(/switchyard_feed_age_seconds\{feed="ercot-rt-hb-west"\} 0/);
    await app.close();
  });

  it('a stopped feed raises an alert naming it and its sites within its maximum age, plans go on with the reason, recovery clears it', async () => {
    const feed = new SwitchableFeed();
    const { app, storage, clock } = await appWith(files, feed);
    const poller = app.services.feeds!;
    await poller.tick();
    feed.up = false;
    for (let minute = 1; minute <= 21; minute++) {
      clock.advance(MIN);
      await poller.tick();
    }
    const open = (await storage.alerts.list({ open: true })).filter(
      (a) => a.kind === 'feed.stale:ercot-rt-hb-west',
    );
    expect(open.map((a) => a.siteId)).toEqual(['tx-west-1']);
    expect(open[0]!.message).toMatch(
      /ercot-rt-hb-west .* last answered 21 min ago .*maximum age 20 min.*ECONNREFUSED.*sites tx-west-1/,
    );
    const health = poller.health()[0]!;
    expect(health.consecutiveFailures).toBe(21);

    const step = await app.services.loop.step(Math.floor(clock.nowMs() / 900_000) * 900_000);
    expect(step.ran).toBe(true);
    const tx = await storage.setpoints.latest('tx-west-1');
    expect(tx!.curtailed).toBe(false);
    expect(tx!.reason).toMatch(
      /ERCOT real-time SPP, HB_WEST 21 min old \(maximum 20 min\): planning on the day-ahead price \(ercot_da_hb_west\)/,
    );
    expect((await storage.setpoints.latest('ab-medicine-hat'))!.reason).not.toMatch(/HB_WEST/);

    feed.up = true;
    clock.advance(MIN);
    await poller.tick();
    expect(
      (await storage.alerts.list({ open: true })).filter((a) => a.kind.startsWith('feed.stale')),
    ).toEqual([]);
    await app.close();
  });

  it('a site that cannot be planned follows its failure policy and raises an alert, never sleeping by default', async () => {
    const empty = new FakeMarketData().withMinerModels(files.minerModels());
    const { app, storage, clock } = await appWith(empty);
    await app.services.loop.step(T0);
    const first = await storage.setpoints.latest('tx-west-1');
    expect(first!.curtailed).toBe(false);
    expect(first!.miningMw).toBeGreaterThan(40);
    expect(first!.reason).toMatch(
      /plan failed: .*failure policy: hold 60 min, then breakeven: no setpoint, price or hashprice known: mining at full power/,
    );
    const alerts = (await storage.alerts.list({ open: true })).filter((a) => a.kind === 'plan.failed');
    expect(alerts.map((a) => a.siteId).sort()).toEqual(['ab-medicine-hat', 'tx-west-1']);
    clock.advance(15 * MIN);
    await app.services.loop.step(T0 + 15 * MIN);
    const held = await storage.setpoints.latest('tx-west-1');
    expect(held!.miningMw).toBe(first!.miningMw);
    expect(held!.reason).toMatch(/holding the last setpoint \(45 min left\)/);
    await app.close();
  });
});

afterAll(() => undefined);
