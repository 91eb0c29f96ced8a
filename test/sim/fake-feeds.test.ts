import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../src/adapters/feeds/http-transport.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import type { FeedReading } from '../../src/core/ports/market-feed.ts';
import { feedsForFleet } from '../../src/server/services/market-feeds/configure-feeds.ts';
import { type FakeFeedServer, startFakeFeedServer } from '../../src/sim/fake-feeds/fake-feed-server.ts';
import { exampleFleet } from '../server/app-harness.ts';

// The fake feed endpoints replay the shipped history in each provider's format; the real adapters
// read them over HTTP, configured exactly as `switchyard server --live-feeds` configures them.
const NOW = Date.parse('2024-06-12T15:07:00Z');
let files: ReplayMarketData;
let fake: FakeFeedServer;

beforeAll(async () => {
  files = await ReplayMarketData.load(dataDirFromEnv());
  fake = await startFakeFeedServer(files, () => NOW);
});
afterAll(async () => {
  await fake?.close();
});

function feeds() {
  const fleet = parseFleet(exampleFleet, 'examples/fleet.yaml');
  return new Map(feedsForFleet(fleet.sites, fake.env(), fetchTransport).map((s) => [s.feed.id, s.feed]));
}
const last = (readings: FeedReading[], key: string) =>
  readings.find((r) => r.series.key === key)?.points.at(-1);

describe('fake feed endpoints through the real adapters', () => {
  it('serves ERCOT real-time and day-ahead prices, AESO, the BTC median and the chain as the history had them', async () => {
    const all = feeds();
    const signal = () => AbortSignal.timeout(10_000);
    const rt = await all.get('ercot-rt-hb-west')!.poll(NOW, signal());
    expect(last(rt, 'power:ercot_rt_hb_west')).toEqual({
      atMs: Date.parse('2024-06-12T14:45:00Z'),
      knownAtMs: Date.parse('2024-06-12T15:00:00Z'),
      value: files.priceSeries('ercot_rt_hb_west').at(Date.parse('2024-06-12T14:45:00Z')),
    });
    const da = await all.get('ercot-da-hb-west')!.poll(NOW, signal());
    const daAt = Date.parse('2024-06-13T02:00:00Z');
    expect(da[0]!.points.find((p) => p.atMs === daAt)?.value).toBe(
      files.priceSeries('ercot_da_hb_west').at(daAt),
    );
    const aeso = await all.get('aeso')!.poll(NOW, signal());
    expect(last(aeso, 'power:aeso_pool_price')?.value).toBeCloseTo(
      files.priceSeries('aeso_pool_price').at(Date.parse('2024-06-12T14:00:00Z'))!,
      2,
    );
    const btc = await all.get('btc-price')!.poll(NOW, signal());
    expect(last(btc, 'btc:priceUsd')?.value).toBeCloseTo(files.btcDayAt(NOW)!.priceUsd!, 0);
    const chain = await all.get('esplora')!.poll(NOW, signal());
    expect(last(chain, 'btc:difficulty')?.value).toBe(files.btcDayAt(NOW)!.difficulty);
    expect(last(chain, 'btc:blockCount')?.value).toBe(144);
  });

  it('a stopped provider fails its feed as unavailable; started again, it answers', async () => {
    const feed = feeds().get('ercot-rt-hb-west')!;
    fake.stop('ercot');
    await expect(feed.poll(NOW, AbortSignal.timeout(10_000))).rejects.toMatchObject({
      code: 'SY_ERR_FEED_UNAVAILABLE',
    });
    fake.start('ercot');
    expect((await feed.poll(NOW, AbortSignal.timeout(10_000)))[0]!.points.length).toBeGreaterThan(0);
  });
});

describe('fake feeds moved forward to the wall clock', () => {
  it('serves the history from a start day, shifted by whole weeks, as current prices', async () => {
    const week = 7 * 86_400_000;
    const wall = Date.parse('2026-12-08T00:27:00Z');
    const offsetMs = Math.floor((wall - Date.parse('2023-08-01T00:00:00Z')) / week) * week;
    const shifted = await startFakeFeedServer(files, () => wall, { offsetMs });
    try {
      const fleet = parseFleet(exampleFleet, 'examples/fleet.yaml');
      const rt = feedsForFleet(fleet.sites, shifted.env(), fetchTransport).find(
        (s) => s.feed.id === 'ercot-rt-hb-west',
      )!;
      const [reading] = await rt.feed.poll(wall, AbortSignal.timeout(10_000));
      const lastPoint = reading!.points.at(-1)!;
      expect(lastPoint.atMs).toBe(Date.parse('2026-12-08T00:00:00Z'));
      expect(lastPoint.value).toBe(files.priceSeries('ercot_rt_hb_west').at(lastPoint.atMs - offsetMs));
    } finally {
      await shifted.close();
    }
  });
});
