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
import type { MarketData } from '../../src/core/ports/market-data.ts';
import type { DeviceReading } from '../../src/core/ports/storage.ts';
import { ActualsService } from '../../src/server/services/actuals-service.ts';
import { contractPrices } from '../../src/server/services/contract-prices.ts';
import { EarningsWatch } from '../../src/server/services/earnings-watch.ts';
import { PoolCreditSync } from '../../src/server/services/pool-credit-sync.ts';
import { EmulatedPool } from '../../src/sim/pool-emulator/emulated-pool.ts';
import { EmulatedPoolServer } from '../../src/sim/pool-emulator/emulated-pool-server.ts';

// A simulated September 2025 (real network days from the data directory): two sites hash, their
// telemetry is stored per minute, the twin's FPPS pool credits the same measured hashrate and is
// read through the real Braiins Pool adapter; site tx-a is curtailed on the 10th and 11th (a DR
// event with credit terms), its revenue meter answers every minute except on the 20th. Driven on a
// fake clock (a month of the full twin is too slow for the suite): the same pieces the twin wires.
const MONTH_START = Date.UTC(2025, 8, 1);
const DAY_MS = 86_400_000;
const MIN = 60_000;
const MINERS = 4;
const CURTAILED = new Set(['2025-09-10', '2025-09-11']);
const METER_SILENT = '2025-09-20';
const PUE = 1.05;
const PRICE_PER_MWH = 40;
const DR_EVENT = {
  id: 'ercot-ers-sep',
  from: '2025-09-10T00:00:00Z',
  to: '2025-09-12T00:00:00Z',
  maxImportMw: 0,
  creditUsdPerMwh: 100,
};

let storage: MemoryStorage;
let watch: EarningsWatch;
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
  const terms = { supply: [{ kind: 'fixed' as const, pricePerMwh: PRICE_PER_MWH }], pue: PUE };
  await storage.sites.put(
    siteFixture('tx-a', {
      ...terms,
      pool: { name: 'Braiins Pool', feePercent: 2, accounts: account('tx-a') },
      demandResponse: [DR_EVENT],
    }),
  );
  await storage.sites.put(
    siteFixture('tx-b', {
      ...terms,
      pool: { name: 'Braiins Pool', feePercent: 2, accounts: account('tx-b') },
    }),
  );
  const registers = new Map<string, number>();
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
      // tx-a's revenue meter: IT power x PUE each minute, its import register counting (silent on the 20th).
      if (site !== 'tx-a') continue;
      for (let m = 0; m < 60; m++) {
        const atMs = MONTH_START + hour * 3_600_000 + m * MIN + 5_000;
        if (new Date(atMs).toISOString().startsWith(METER_SILENT)) continue;
        let itW = 0;
        for (let i = 0; i < MINERS; i++) itW += minerThs(site, i, atMs) > 0 ? 3500 : 10;
        const registerWh = (registers.get(site) ?? 0) + (itW * PUE) / 60;
        registers.set(site, registerWh);
        await storage.energy.recordMeter(site, {
          atMs,
          activePowerW: itW * PUE,
          importedEnergyWh: registerWh,
          exportedEnergyWh: 0,
        });
      }
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
  actuals = new ActualsService(
    storage,
    {
      btcDays: () => days,
      difficultyEpochs: () => epochs,
      minerModels: () => [{ model: 'Antminer S21', hashrateThs: 200, powerW: 3500 } as never],
    },
    // Fixed tariffs need no market series.
    { prices: contractPrices({} as MarketData, async () => undefined) },
  );
  watch = new EarningsWatch(storage, actuals, 7);
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

  it('prices the metered energy at the contract, credits the performed DR event from the meter, and books both as actual events', async () => {
    const nowMs = Date.UTC(2025, 9, 2, 6);
    const report = await actuals.month('2025-09', nowMs);
    const a = report.sites.find((s) => s.siteId === 'tx-a')!;
    // The meter measured every day but the 20th, which falls back to the device sum, labelled.
    expect(a.days.filter((d) => d.energy.source !== 'meter').map((d) => d.energy.date)).toEqual([
      METER_SILENT,
    ]);
    expect(a.gaps).toContainEqual({ siteId: 'tx-a', date: METER_SILENT, what: 'energy-from-device-sum' });
    // Cost = metered Wh x 40 USD/MWh (exact per interval; whole-Wh rounding only).
    for (const site of report.sites) {
      const exact = site.energyWh * PRICE_PER_MWH;
      expect(Math.abs(Number(site.energyCostMicroUsd) - exact) / exact).toBeLessThan(1e-4);
      expect(site.unpricedWh).toBe(0n);
    }
    // DR: the baseline is the same 48 h on the prior days that end before the event (4 x 3.5 kW x PUE);
    // measured during the event, the sleeping miners' 4 x 10 W x PUE.
    expect(a.drEvents).toHaveLength(1);
    const event = a.drEvents[0]!;
    expect(event.baseline).toMatch(/2025-09-08, 2025-09-07, 2025-09-06, 2025-09-05/);
    expect(event.baselineWh).toBe(705_600n);
    expect(event.measuredWh).toBe(2_016n);
    expect(event.reducedWh).toBe(703_584n);
    expect(event.creditMicroUsd).toBe(70_358_400n);
    expect(report.sites.find((s) => s.siteId === 'tx-b')!.drEvents).toEqual([]);
    // The plan column is empty without stored runs: labelled, not zero-filled.
    expect(report.planned.every((p) => p.operatingEhs === null && p.coverage === 0)).toBe(true);

    const booked = await actuals.booking.postMonth('2025-09', nowMs, '2025-10-02');
    expect(booked.poolCredits).toBeGreaterThan(50);
    expect(booked.energyDays).toBe(60);
    expect(booked.drCredits).toBe(1);
    expect(await actuals.booking.postMonth('2025-09', nowMs, '2025-10-02')).toEqual({
      poolCredits: 0,
      energyDays: 0,
      drCredits: 0,
    });
    const balances = await storage.ledger.balances('2025-09');
    expect([...balances.values()].reduce((t, v) => t + v, 0n)).toBe(0n);
    expect(balances.get('energy-payable')).toBe(-report.totals.energyCostMicroUsd);
    expect(balances.get('dr-credits')).toBe(-70_358_400n);
    expect(balances.get('pool-receivable')).toBe(report.totals.minedSats);
  });

  it('books the credits in a balanced ledger, closes the month, and posts a late credit into the open period', async () => {
    const nowMs = Date.UTC(2025, 9, 2, 6);
    const report = await actuals.month('2025-09', nowMs);
    // Booked by the month's posting above: asking again books nothing.
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

  it('the earnings tick names a silent meter and days without telemetry, and resolves them once past', async () => {
    const mid = await watch.tick(Date.UTC(2025, 8, 22, 6));
    expect(mid.raised).toEqual([
      expect.objectContaining({
        siteId: 'tx-a',
        kind: 'actuals.meter-gap',
        message: expect.stringContaining(METER_SILENT),
      }),
    ]);
    const open = await storage.alerts.list({ open: true, siteId: 'tx-a' });
    expect(open.map((a) => a.kind)).toContain('actuals.meter-gap');
    const later = await watch.tick(Date.UTC(2025, 9, 3, 6));
    expect(later.raised.map((r) => `${r.siteId} ${r.kind}`).sort()).toEqual([
      'tx-a actuals.no-telemetry',
      'tx-b actuals.no-telemetry',
    ]);
    expect(later.raised[0]!.message).toMatch(/2025-10-01, 2025-10-02/);
    expect((await storage.alerts.list({ open: true, siteId: 'tx-a' })).map((a) => a.kind)).not.toContain(
      'actuals.meter-gap',
    );
  });

  it('an account short of its credit raises an earnings alert naming the likely cause', async () => {
    // The pool credits 10 % less for tx-b on the 15th than FPPS on its measured hashrate.
    const [day] = await storage.poolCredits.list({
      siteId: 'tx-b',
      fromDate: '2025-09-15',
      toDate: '2025-09-15',
    });
    await storage.poolCredits.record({
      ...day!,
      creditedSats: (day!.creditedSats * 9n) / 10n,
      recordedAtMs: 0,
    });
    const result = await watch.tick(Date.UTC(2025, 8, 17, 6));
    expect(result.raised).toContainEqual(
      expect.objectContaining({
        siteId: 'tx-b',
        kind: 'earnings.pool-side-loss',
        message: expect.stringContaining('2025-09-15'),
      }),
    );
    // The pool says it saw 10 % less hashrate than the agents measured that day: that is the cause named.
    const measuredThs = (await actuals.month('2025-09', Date.UTC(2025, 8, 17, 6))).sites
      .find((x) => x.siteId === 'tx-b')!
      .days.find((d) => d.hashrate.date === '2025-09-15')!.hashrate.averageThs!;
    await storage.poolCredits.record({
      ...day!,
      creditedSats: (day!.creditedSats * 9n) / 10n,
      poolHashrateHs: BigInt(Math.round(measuredThs * 0.9 * 1e6)) * 1_000_000n,
      recordedAtMs: 0,
    });
    const byPool = await watch.tick(Date.UTC(2025, 8, 17, 6, 30));
    expect(byPool.raised).toContainEqual(
      expect.objectContaining({ siteId: 'tx-b', kind: 'earnings.pool-hashrate-below-agent' }),
    );
    expect((await storage.alerts.list({ open: true, siteId: 'tx-b' })).map((a) => a.kind)).not.toContain(
      'earnings.pool-side-loss',
    );
    await storage.poolCredits.record({ ...day!, recordedAtMs: 1 });
    expect((await watch.tick(Date.UTC(2025, 8, 17, 7))).raised).toEqual([]);
    const openKinds = (await storage.alerts.list({ open: true, siteId: 'tx-b' })).map((a) => a.kind);
    expect(openKinds).not.toContain('earnings.pool-side-loss');
    expect(openKinds).not.toContain('earnings.pool-hashrate-below-agent');
  });

  it('a malformed pool reply raises a clear alert and stores nothing: the days stay a labelled gap', async () => {
    const malformed = new BraiinsPoolEarnings({
      token: 'tok-tx-b',
      baseUrl: 'http://pool.invalid',
      http: async () => ({
        status: 200,
        body: '{"btc": {"daily_rewards": [{"date": "yesterday", "total_reward": "x"}]}}',
      }),
    });
    const before = await storage.poolCredits.list({
      siteId: 'tx-b',
      fromDate: '2025-10-01',
      toDate: '2025-10-05',
    });
    const sync = new PoolCreditSync(storage, (_pool, name) => (name === 'tx-b' ? malformed : undefined), 3);
    const result = await sync.tick(Date.UTC(2025, 9, 6, 6));
    expect(result.failed).toEqual([
      { siteId: 'tx-b', pool: 'braiins', account: 'tx-b', code: 'SY_ERR_POOL_REPLY_MALFORMED' },
    ]);
    const alert = (await storage.alerts.list({ open: true, siteId: 'tx-b' })).find(
      (a) => a.kind === 'pool.reply-malformed',
    );
    expect(alert?.message).toMatch(/braiins account tx-b: no credits stored for 2025-10-03\.\.2025-10-05/);
    expect(
      await storage.poolCredits.list({ siteId: 'tx-b', fromDate: '2025-10-01', toDate: '2025-10-05' }),
    ).toEqual(before);
    const report = await actuals.month('2025-10', Date.UTC(2025, 9, 6, 6));
    const b = report.sites.find((s) => s.siteId === 'tx-b')!;
    expect(b.gaps).toContainEqual({ siteId: 'tx-b', date: '2025-10-04', what: 'no-pool-credit' });
    expect(b.days.find((d) => d.hashrate.date === '2025-10-04')!.creditedSats).toBeNull();
  });

  it('after the minutes are compacted into hours, the month reads the same hashrate from the hours', async () => {
    const nowMs = Date.UTC(2025, 9, 2, 6);
    const before = await actuals.month('2025-09', nowMs);
    await storage.telemetry.compact(nowMs, 2 * DAY_MS, 400 * DAY_MS);
    expect(await storage.telemetry.minutes('tx-a', MONTH_START, MONTH_START + DAY_MS)).toEqual([]);
    const after = await actuals.month('2025-09', nowMs);
    for (const site of after.sites) {
      const was = before.sites.find((s) => s.siteId === site.siteId)!;
      expect(Math.abs(site.operatingEhs! - was.operatingEhs!) / was.operatingEhs!).toBeLessThan(1e-9);
      expect(site.gaps.filter((g) => g.what === 'no-telemetry')).toEqual([]);
    }
  });
});
