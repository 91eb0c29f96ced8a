import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../src/adapters/feeds/http-transport.ts';
import { loadFleetFile } from '../../src/adapters/fleet-file/load-fleet-file.ts';
import { registerSimCommands } from '../../src/cli/sim-command.ts';
import { feedsForFleet } from '../../src/server/services/market-feeds/configure-feeds.ts';

const FLEET = join(import.meta.dirname, '../../examples/fleet.yaml');
const dir = mkdtempSync(join(tmpdir(), 'sim-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FROM = Date.parse('2024-06-10T00:00:00Z');

/**
 * `switchyard sim --feeds` serves a fake endpoint for every feed adapter on the replayed clock;
 * the real adapters, configured from the environment it prints, poll them and fill in history.
 */
describe('switchyard sim --feeds', () => {
  it('serves every provider in its format on the simulated clock, polls and history included', async () => {
    const out = join(dir, 'endpoints.json');
    let during: { id: string; points: number; backfilled: number }[] = [];
    const program = new Command().exitOverride();
    registerSimCommands(program, {
      stdout: () => undefined,
      stderr: () => undefined,
      waitForStop: async () => {
        const { feeds } = JSON.parse(readFileSync(out, 'utf8')) as { feeds: { env: Record<string, string> } };
        const env = {
          ...feeds.env,
          BITCOIN_RPC_URL: `${feeds.env.SWITCHYARD_FEED_ESPLORA_URL!.replace(/esplora$/, 'bitcoin-core')}/`,
        };
        const fleet = loadFleetFile(FLEET).sites;
        const schedules = [
          ...feedsForFleet(fleet, feeds.env, fetchTransport),
          ...feedsForFleet(fleet, env, fetchTransport).filter((s) => s.feed.id === 'bitcoin-core'),
        ];
        // The replay runs at 1x from FROM: the clock is FROM plus a few seconds.
        const nowMs = FROM + 60_000;
        during = await Promise.all(
          schedules.map(async ({ feed }) => {
            const signal = AbortSignal.timeout(30_000);
            const polled = await feed.poll(nowMs, signal);
            const filled = await feed.backfill!(FROM - 3 * 86_400_000, nowMs, nowMs, signal);
            return {
              id: feed.id,
              points: polled.reduce((n, r) => n + r.points.length, 0),
              backfilled: filled.reduce((n, r) => n + r.points.length, 0),
            };
          }),
        );
        return 'test over';
      },
    });
    await program.parseAsync([
      'node',
      'switchyard',
      'sim',
      '--fleet',
      FLEET,
      '--scale',
      '0.001',
      '--site',
      'ga-hub',
      '--out',
      out,
      '--feeds',
      '--replay-from',
      '2024-06-10',
      '--speed',
      '1',
    ]);
    const ids = during.map((d) => d.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ercot-rt-hb-west',
        'ercot-da-hb-west',
        'ercot-rt-hb-north',
        'aeso',
        'btc-price',
        'esplora',
        'bitcoin-core',
        'open-meteo-ga-hub',
      ]),
    );
    for (const feed of during) {
      expect(feed.points, feed.id).toBeGreaterThan(0);
      expect(feed.backfilled, feed.id).toBeGreaterThan(0);
    }
    // Three past days: 3 daily closes, 3 x 96 real-time prices, a bitcoin day per series and day.
    expect(during.find((d) => d.id === 'btc-price')!.backfilled).toBe(3);
    expect(during.find((d) => d.id === 'ercot-rt-hb-west')!.backfilled).toBeGreaterThanOrEqual(3 * 96);
    expect(during.find((d) => d.id === 'esplora')!.backfilled).toBe(3 * 4);
    expect(during.find((d) => d.id === 'bitcoin-core')!.backfilled).toBe(3 * 4);
  });
});
