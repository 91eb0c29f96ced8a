import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_PATHS,
  dataDirFromEnv,
  readBtcDaily,
  readDifficultyEpochs,
} from '../../src/adapters/market-data/index.ts';
import { BraiinsPoolEarnings } from '../../src/adapters/pools/braiins-pool.ts';
import { fetchPoolHttp } from '../../src/adapters/pools/pool-http.ts';
import { MemoryStorage } from '../../src/adapters/storage/memory-storage.ts';
import { minerReading, siteFixture } from '../../src/adapters/storage/storage-fixtures.ts';
import { type NetworkDay, networkDaysFromBtcDays } from '../../src/core/accounting/network-day.ts';
import type { BtcDay, DifficultyEpoch } from '../../src/core/market/btc-day.ts';
import type { DeviceReading } from '../../src/core/ports/storage.ts';
import { ActualsService } from '../../src/server/services/actuals-service.ts';
import { PoolCreditSync } from '../../src/server/services/pool-credit-sync.ts';
import { EmulatedPool } from '../../src/sim/pool-emulator/emulated-pool.ts';
import { EmulatedPoolServer } from '../../src/sim/pool-emulator/emulated-pool-server.ts';

// A simulated September 2025 (real network days from the data directory): two sites hash, their
// telemetry is stored per minute, the twin's FPPS pool credits the same measured hashrate and is
// read through the real Braiins Pool adapter; site tx-a is curtailed on the 10th and 11th.
const MONTH_START = Date.UTC(2025, 8, 1);
const DAY_MS = 86_400_000;
const MIN = 60_000;
const MINERS = 4;
const CURTAILED = new Set(['2025-09-10', '2025-09-11']);

let storage: MemoryStorage;
let server: EmulatedPoolServer;
let pool: EmulatedPool;
let actuals: ActualsService;
let network: Map<string, NetworkDay>;
let storedThsMinutes = 0;
let storedMinutes = 0;

/** The hashrate a miner measures at minute m (deterministic wobble, off while curtailed). */
function minerThs(site: string, miner: number, atMs: number): number {
  const date = new Date(atMs).toISOString().slice(0, 10);
  if (site === 'tx-a' && CURTAILED.has(date)) return 0;
  const m = Math.floor(atMs / MIN);
  return (site === 'tx-a' ? 200 : 104) * (1 + 0.02 * Math.sin(m / 37 + miner));
}

beforeAll(async () => {
  const dir = dataDirFromEnv();
  const [days, epochs]: [BtcDay[], DifficultyEpoch[]] = await Promise.all([
    readBtcDaily(join(dir, DATA_PATHS.btcDaily)),
    readDifficultyEpochs(join(dir, DATA_PATHS.difficultyEpochs)),
  ]);
  network = new Map(networkDaysFromBtcDays(days, epochs).map((d) => [d.date, d]));
  storage = new MemoryStorage();
  const account = (id: string) => [{ pool: 'braiins' as const, account: id }];
  await storage.sites.put(
    siteFixture('tx-a', { pool: { name: 'Braiins Pool', feePercent: 2, accounts: account('tx-a') } }),
  );
  await storage.sites.put(
    siteFixture('tx-b', { pool: { name: 'Braiins Pool', feePercent: 2, accounts: account('tx-b') } }),
  );
  let now = MONTH_START;
  pool = new EmulatedPool({ network: (d) => network.get(d), feeBps: 200n, now: () => now });
  const current = new Map<string, number>();
  for (const site of ['tx-a', 'tx-b'])
    pool.addAccount({ account: site, token: `tok-${site}`, hashrateThs: () => current.get(site) ?? 0 });
  await storage.setpoints.issue({
    siteId: 'tx-a',
    issuedAtMs: Date.UTC(2025, 8, 10),
    expiresAtMs: Date.UTC(2025, 8, 12),
    miningMw: 0,
    aiMw: 0,
    batteryMw: 0,
    curtailed: true,
    reason: 'operator curtailment',
  });
  await storage.setpoints.issue({
    siteId: 'tx-a',
    issuedAtMs: Date.UTC(2025, 8, 12),
    expiresAtMs: Date.UTC(2025, 9, 1),
    miningMw: 0.7,
    aiMw: 0,
    batteryMw: 0,
    curtailed: false,
    reason: 'release',
  });
  // One batch per site and hour, one reading per miner and minute; the pool samples every minute.
  for (let hour = 0; hour < 30 * 24; hour++) {
    for (const site of ['tx-a', 'tx-b']) {
      const readings: DeviceReading[] = [];
      for (let m = 0; m < 60; m++) {
        const atMs = MONTH_START + hour * 3_600_000 + m * MIN + 5_000;
        for (let i = 0; i < MINERS; i++) {
          const ths = minerThs(site, i, atMs);
          readings.push(
            minerReading(`${site}-${i}`, atMs, {
              hashrateThs: ths,
              state: ths > 0 ? 'hashing' : 'sleeping',
              powerW: ths > 0 ? 3500 : 10,
            }),
          );
        }
      }
      await storage.telemetry.ingest({
        siteId: site,
        batchId: `${site}-${hour}`,
        sentAtMs: MONTH_START + hour * 3_600_000,
        readings,
      });
    }
    for (let m = 0; m < 60; m++) {
      now = MONTH_START + hour * 3_600_000 + m * MIN;
      for (const site of ['tx-a', 'tx-b']) {
        let sum = 0;
        for (let i = 0; i < MINERS; i++) sum += minerThs(site, i, now + 5_000);
        current.set(site, sum);
      }
      pool.sample();
    }
  }
  now = Date.UTC(2025, 9, 2, 6);
  pool.sample();
  for (const site of ['tx-a', 'tx-b']) {
    for (const minute of await storage.telemetry.minutes(site, MONTH_START, MONTH_START + 30 * DAY_MS)) {
      storedThsMinutes += minute.hashrateThs;
      storedMinutes++;
    }
  }
  server = new EmulatedPoolServer(pool);
  const { url } = await server.listen();
  const adapters = ['tx-a', 'tx-b'].map((site) => ({
    site,
    adapter: new BraiinsPoolEarnings({ token: `tok-${site}`, baseUrl: url, http: fetchPoolHttp(5_000) }),
  }));
  const sync = new PoolCreditSync(
    storage,
    (_pool, accountName) => adapters.find((a) => a.site === accountName)?.adapter,
    40,
  );
  await sync.tick(now);
  actuals = new ActualsService(storage, {
    btcDays: () => days,
    difficultyEpochs: () => epochs,
    minerModels: () => [{ model: 'Antminer S21', hashrateThs: 200, powerW: 3500 } as never],
  });
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe('the books from actuals: a simulated month with one site curtailed for two days', () => {
  it('operating EH/s equals the average of the stored telemetry (within 0.5 %)', async () => {
    const report = await actuals.month('2025-09', Date.UTC(2025, 9, 2, 6));
    const storedEhs = storedThsMinutes / storedMinutes / 1e6;
    // Per site the stored minutes' mean is the site's operating hashrate; the total is the sum of sites.
    const perSite = report.sites.map((s) => s.operatingEhs!);
    expect(Math.abs(perSite.reduce((a, b) => a + b, 0) - storedEhs * 2) / (storedEhs * 2)).toBeLessThan(
      0.005,
    );
    expect(report.totals.operatingEhs).not.toBeNull();
  });

  it('BTC mined equals the emulated pool’s credits to the satoshi, and the curtailed days show', async () => {
    const report = await actuals.month('2025-09', Date.UTC(2025, 9, 2, 6));
    for (const site of report.sites) {
      const credited = pool
        .credits(site.siteId)
        .filter((c) => c.date.startsWith('2025-09'))
        .reduce((s, c) => s + c.creditedSats, 0n);
      expect(site.minedSats).toBe(credited);
      expect(site.minedSats > 0n).toBe(true);
    }
    const a = report.sites.find((s) => s.siteId === 'tx-a')!;
    expect(a.curtailedDays).toEqual(['2025-09-10', '2025-09-11']);
    expect(a.days.find((d) => d.hashrate.date === '2025-09-10')!.creditedSats).toBe(0n);
    // Every measured day is within the FPPS tolerance of its credit (same hashrate, same formula).
    const off = report.sites
      .flatMap((s) => s.days)
      .filter((d) => d.hashrate.averageThs! > 0 && !d.check.withinTolerance);
    expect(off).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('books the credits in a balanced ledger, closes the month, and posts a late credit into the open period', async () => {
    const nowMs = Date.UTC(2025, 9, 2, 6);
    const report = await actuals.month('2025-09', nowMs);
    expect(await actuals.postCredits('2025-09-01', '2025-09-30', '2025-10-02')).toBeGreaterThan(50);
    expect(await actuals.postCredits('2025-09-01', '2025-09-30', '2025-10-02')).toBe(0);
    const balances = await storage.ledger.balances('2025-09');
    expect([...balances.values()].reduce((s, v) => s + v, 0n)).toBe(0n);
    expect(balances.get('pool-receivable')).toBe(report.totals.minedSats);
    expect(await actuals.closeMonth('2025-09', nowMs)).toBe(true);
    // The pool revises the 5th upward after the close: the difference books on the open day.
    const fifth = (
      await storage.poolCredits.list({ siteId: 'tx-b', fromDate: '2025-09-05', toDate: '2025-09-05' })
    )[0]!;
    await storage.poolCredits.record({
      ...fifth,
      creditedSats: fifth.creditedSats + 1_000n,
      recordedAtMs: nowMs,
    });
    expect(await actuals.postCredits('2025-09-01', '2025-09-30', '2025-10-02')).toBe(1);
    expect(await storage.ledger.balance('pool-receivable', '2025-09')).toBe(report.totals.minedSats);
    expect(await storage.ledger.balance('pool-receivable', '2025-10')).toBe(1_000n);
  });

  it('a day with no telemetry and no credit is a labelled gap, never a zero', async () => {
    const report = await actuals.month('2025-10', Date.UTC(2025, 9, 3, 6));
    const a = report.sites.find((s) => s.siteId === 'tx-a')!;
    expect(a.operatingEhs).toBeNull();
    expect(a.gaps.map((g) => g.what)).toEqual(
      expect.arrayContaining(['no-telemetry', 'no-pool-credit', 'no-energy']),
    );
    expect(a.days[0]!.check.cause).toBe('no-telemetry');
    expect(report.complete).toBe(false);
    expect(await actuals.closeMonth('2025-10', Date.UTC(2025, 9, 3, 6))).toBe(false);
  });
});
