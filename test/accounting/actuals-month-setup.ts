import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
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
export const MONTH_START = Date.UTC(2025, 8, 1);
export const DAY_MS = 86_400_000;
export const MIN = 60_000;
export const MINERS = 4;
export const CURTAILED = new Set(['2025-09-10', '2025-09-11']);
export const METER_SILENT = '2025-09-20';
export const PUE = 1.05;
export const PRICE_PER_MWH = 40;
export const DR_EVENT = {
  id: 'ercot-ers-sep',
  from: '2025-09-10T00:00:00Z',
  to: '2025-09-12T00:00:00Z',
  maxImportMw: 0,
  creditUsdPerMwh: 100,
};

export let storage: MemoryStorage;
export let watch: EarningsWatch;
export let server: EmulatedPoolServer;
export let pool: EmulatedPool;
export let actuals: ActualsService;
export let network: Map<string, NetworkDay>;
export let storedThsMinutes = 0;
export let storedMinutes = 0;

/** The hashrate a miner measures at minute m (deterministic wobble, off while curtailed). */
export function minerThs(site: string, miner: number, atMs: number): number {
  const date = new Date(atMs).toISOString().slice(0, 10);
  if (site === 'tx-a' && CURTAILED.has(date)) return 0;
  const m = Math.floor(atMs / MIN);
  return (site === 'tx-a' ? 200 : 104) * (1 + 0.02 * Math.sin(m / 37 + miner));
}

/** Registers the month's set-up (beforeAll) and tear-down (afterAll) in the calling test file. */
export function registerSimulatedMonth(): void {
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
}
