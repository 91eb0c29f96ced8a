import { describe, expect, it } from 'vitest';
import type { StoredPoolCredit } from '../../core/pools/pool-credit.ts';
import { BASE_MS, type ContractContext, MINUTE_MS } from './storage-contract-context.ts';

/** Pool credits, meter minutes and energy intervals (the actuals the books are built from). */
export function actualsContract(ctx: ContractContext): void {
  const credit = (site: string, account: string, date: string, sats: bigint): StoredPoolCredit => ({
    siteId: site,
    source: 'braiins',
    account,
    date,
    creditedSats: sats,
    recordedAtMs: BASE_MS,
  });

  describe('pool credits', () => {
    it('stores a day once, reports a repeat as same and a changed amount as revised, exact to the satoshi', async () => {
      const storage = ctx.storage();
      const site = ctx.uid('site');
      const account = ctx.uid('acct');
      // More than 2^53 sats would lose digits as a float: 210k BTC in sats is past it.
      const big = 21_000_000_000_000_001n;
      expect(await storage.poolCredits.record(credit(site, account, '2025-09-01', 6_168_494n))).toBe('new');
      expect(await storage.poolCredits.record(credit(site, account, '2025-09-01', 6_168_494n))).toBe('same');
      expect(await storage.poolCredits.record(credit(site, account, '2025-09-02', big))).toBe('new');
      expect(await storage.poolCredits.record(credit(site, account, '2025-09-01', 6_168_500n))).toBe(
        'revised',
      );
      const listed = await storage.poolCredits.list({
        siteId: site,
        fromDate: '2025-09-01',
        toDate: '2025-09-30',
      });
      expect(listed.map((c) => [c.date, c.creditedSats])).toEqual([
        ['2025-09-01', 6_168_500n],
        ['2025-09-02', big],
      ]);
      expect(listed[0]).toMatchObject({ siteId: site, source: 'braiins', account, recordedAtMs: BASE_MS });
    });

    it("keeps the pool's own hashrate of a day, arriving with or after its credit, without counting a revision", async () => {
      const storage = ctx.storage();
      const site = ctx.uid('site');
      const account = ctx.uid('acct');
      // 12 EH/s in H/s is past a BIGINT.
      const hs = 12_000_000_000_000_000_000n;
      expect(await storage.poolCredits.record(credit(site, account, '2025-09-03', 5n))).toBe('new');
      expect(
        await storage.poolCredits.record({ ...credit(site, account, '2025-09-03', 5n), poolHashrateHs: hs }),
      ).toBe('same');
      expect(await storage.poolCredits.record(credit(site, account, '2025-09-03', 6n))).toBe('revised');
      const [day] = await storage.poolCredits.list({
        siteId: site,
        fromDate: '2025-09-03',
        toDate: '2025-09-03',
      });
      expect(day).toMatchObject({ creditedSats: 6n, poolHashrateHs: hs });
      await storage.poolCredits.record(credit(site, account, '2025-09-04', 1n));
      const [other] = await storage.poolCredits.list({
        siteId: site,
        fromDate: '2025-09-04',
        toDate: '2025-09-04',
      });
      expect(other!.poolHashrateHs).toBeUndefined();
    });

    it('keeps sources and accounts apart and filters by site and by inclusive date window', async () => {
      const storage = ctx.storage();
      const siteA = ctx.uid('site');
      const siteB = ctx.uid('site');
      const account = ctx.uid('acct');
      await storage.poolCredits.record(credit(siteA, account, '2025-10-01', 1n));
      await storage.poolCredits.record({ ...credit(siteA, account, '2025-10-01', 2n), source: 'csv' });
      await storage.poolCredits.record(credit(siteB, ctx.uid('acct'), '2025-10-31', 3n));
      await storage.poolCredits.record(credit(siteA, account, '2025-11-01', 4n));
      const a = await storage.poolCredits.list({
        siteId: siteA,
        fromDate: '2025-10-01',
        toDate: '2025-10-31',
      });
      expect(a.map((c) => [c.source, c.creditedSats])).toEqual([
        ['braiins', 1n],
        ['csv', 2n],
      ]);
      const all = await storage.poolCredits.list({ fromDate: '2025-10-31', toDate: '2025-10-31' });
      expect(all.filter((c) => c.siteId === siteA || c.siteId === siteB).map((c) => c.creditedSats)).toEqual([
        3n,
      ]);
    });
  });

  describe('site energy', () => {
    it('keeps the newest reading of each minute and keeps nulls as nulls', async () => {
      const storage = ctx.storage();
      const site = ctx.uid('site');
      const t = BASE_MS + 40 * MINUTE_MS;
      await storage.energy.recordMeter(site, {
        atMs: t + 10_000,
        activePowerW: 1_000,
        importedEnergyWh: 5_000.5,
        exportedEnergyWh: null,
      });
      await storage.energy.recordMeter(site, {
        atMs: t + 50_000,
        activePowerW: 1_200,
        importedEnergyWh: 5_016,
        exportedEnergyWh: 0,
      });
      await storage.energy.recordMeter(site, {
        atMs: t + 30_000,
        activePowerW: 9_999,
        importedEnergyWh: 1,
        exportedEnergyWh: 1,
      });
      await storage.energy.recordMeter(site, {
        atMs: t + MINUTE_MS,
        activePowerW: null,
        importedEnergyWh: null,
        exportedEnergyWh: null,
      });
      const minutes = await storage.energy.meterMinutes(site, t, t + 2 * MINUTE_MS);
      expect(minutes).toEqual([
        {
          siteId: site,
          minuteMs: t,
          reading: { atMs: t + 50_000, activePowerW: 1_200, importedEnergyWh: 5_016, exportedEnergyWh: 0 },
        },
        {
          siteId: site,
          minuteMs: t + MINUTE_MS,
          reading: {
            atMs: t + MINUTE_MS,
            activePowerW: null,
            importedEnergyWh: null,
            exportedEnergyWh: null,
          },
        },
      ]);
      expect(await storage.energy.meterMinutes(site, t + 2 * MINUTE_MS, t + 3 * MINUTE_MS)).toEqual([]);
    });

    it('stores intervals per source, replaces a re-imported one, and lists a window by start', async () => {
      const storage = ctx.storage();
      const site = ctx.uid('site');
      const q = 15 * MINUTE_MS;
      const at = (i: number) => BASE_MS + i * q;
      expect(
        await storage.energy.putIntervals([
          { siteId: site, source: 'utility-csv', startMs: at(0), endMs: at(1), energyWh: 250_000 },
          { siteId: site, source: 'utility-csv', startMs: at(1), endMs: at(2), energyWh: 251_000 },
          { siteId: site, source: 'meter', startMs: at(0), endMs: at(1), energyWh: 249_500 },
        ]),
      ).toBe(3);
      await storage.energy.putIntervals([
        { siteId: site, source: 'utility-csv', startMs: at(1), endMs: at(2), energyWh: 252_000 },
      ]);
      const utility = await storage.energy.intervals(site, at(0), at(2), 'utility-csv');
      expect(utility.map((i) => i.energyWh)).toEqual([250_000, 252_000]);
      const all = await storage.energy.intervals(site, at(0), at(1));
      expect(all.map((i) => i.source)).toEqual(['meter', 'utility-csv']);
      expect(await storage.energy.intervals(site, at(2), at(3))).toEqual([]);
    });
  });
}
