import { afterEach, describe, expect, it } from 'vitest';
import { BraiinsPoolEarnings } from '../../src/adapters/pools/braiins-pool.ts';
import { fetchPoolHttp } from '../../src/adapters/pools/pool-http.ts';
import { expectedDaySats, type NetworkDay } from '../../src/core/accounting/network-day.ts';
import { EmulatedPool } from '../../src/sim/pool-emulator/emulated-pool.ts';
import { EmulatedPoolServer } from '../../src/sim/pool-emulator/emulated-pool-server.ts';

const D0 = Date.UTC(2025, 8, 1);
const DAY_MS = 86_400_000;
const network = (date: string): NetworkDay => ({
  date,
  difficultyScaled: 100_000_000_000_000n * 100_000_000n,
  subsidySatsPerBlock: 312_500_000n,
  feesSats: 1_440_000_000n,
  feeBlocks: 144n,
  feesEstimated: false,
  blockCount: 144,
});

let server: EmulatedPoolServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the twin’s emulated FPPS pool, read through the real Braiins Pool adapter', () => {
  it('credits each closed UTC day FPPS on the hashes measured, a curtailed day nothing, and serves Braiins’ format', async () => {
    let now = D0;
    let ths = 100_000; // 100 PH/s
    const pool = new EmulatedPool({ network, feeBps: 200n, now: () => now });
    pool.addAccount({ account: 'site-a', token: 'tok-a', hashrateThs: () => ths });
    // Day 1 at 100 PH/s sampled every 10 min; day 2 curtailed (0); day 3 half the day at 100 PH/s.
    for (let t = 0; t < 3 * DAY_MS; t += 600_000) {
      now = D0 + t;
      ths = t < DAY_MS ? 100_000 : t < 2 * DAY_MS ? 0 : t < 2.5 * DAY_MS ? 100_000 : 0;
      pool.sample();
    }
    now = D0 + 3 * DAY_MS + 1;
    pool.sample();
    server = new EmulatedPoolServer(pool);
    const { url } = await server.listen();
    const adapter = new BraiinsPoolEarnings({ token: 'tok-a', baseUrl: url, http: fetchPoolHttp(5_000) });
    const report = await adapter.dailyCredits({
      account: 'site-a',
      fromDate: '2025-09-01',
      toDate: '2025-09-30',
      nowMs: now,
    });
    const full = expectedDaySats(network('2025-09-01'), 100_000n * 10n ** 12n, 200n);
    // The hashrate read at 00:00 of day 2 (0) holds from then, so day 1 has all its 100 PH/s samples.
    expect(report.credits.map((c) => [c.date, c.creditedSats])).toEqual([
      ['2025-09-01', full],
      ['2025-09-02', 0n],
      ['2025-09-03', expectedDaySats(network('2025-09-03'), 50_000n * 10n ** 12n, 200n)],
    ]);
    expect(pool.credits('site-a').map((c) => c.creditedSats)).toEqual(
      report.credits.map((c) => c.creditedSats),
    );
    // The profile gives the pool's hashrate of yesterday (day 3: half a day at 100 PH/s = 50 PH/s).
    const withHashrate = await new BraiinsPoolEarnings({
      token: 'tok-a',
      baseUrl: url,
      http: fetchPoolHttp(5_000),
      readPoolHashrate: true,
    }).dailyCredits({ account: 'site-a', fromDate: '2025-09-01', toDate: '2025-09-30', nowMs: now });
    expect(withHashrate.credits.map((c) => c.poolHashrateHs)).toEqual([
      undefined,
      undefined,
      50_000n * 10n ** 12n,
    ]);
    const refused = await new BraiinsPoolEarnings({
      token: 'wrong',
      baseUrl: url,
      http: fetchPoolHttp(5_000),
    })
      .dailyCredits({ account: 'site-a', fromDate: '2025-09-01', toDate: '2025-09-30', nowMs: now })
      .catch((e: { code: string }) => e.code);
    expect(refused).toBe('SY_ERR_POOL_UNREACHABLE');
  });
});
