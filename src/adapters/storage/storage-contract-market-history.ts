import { beforeAll, describe, expect, it } from 'vitest';
import type { MarketSeriesSpec } from '../../core/ports/market-history.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { BASE_MS, type ContractContext, DAY_MS, HOUR_MS } from './storage-contract-context.ts';

const QUARTER_MS = 900_000;

/** The market history repository's contract. Called inside the Storage contract's describe (storage.contract.ts). */
export function marketHistoryContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
  });
  const priceSeries = (): MarketSeriesSpec => ({
    key: uid('power:ercot_rt'),
    kind: 'power-price',
    unit: 'USD/MWh',
    resolutionMs: QUARTER_MS,
  });

  describe('market history', () => {
    it('stores points with their source and known-at time and reads them back in time order', async () => {
      const series = priceSeries();
      const stored = await storage.marketHistory.append({
        series,
        source: 'feed:ercot-rt',
        points: [
          { atMs: BASE_MS + QUARTER_MS, knownAtMs: BASE_MS + 2 * QUARTER_MS, value: -12.5 },
          { atMs: BASE_MS, knownAtMs: BASE_MS + QUARTER_MS, value: 31.25 },
        ],
      });
      expect(stored).toBe(2);
      expect(await storage.marketHistory.points(series.key)).toEqual([
        { atMs: BASE_MS, knownAtMs: BASE_MS + QUARTER_MS, value: 31.25, source: 'feed:ercot-rt' },
        {
          atMs: BASE_MS + QUARTER_MS,
          knownAtMs: BASE_MS + 2 * QUARTER_MS,
          value: -12.5,
          source: 'feed:ercot-rt',
        },
      ]);
      expect(await storage.marketHistory.points(uid('power:none'))).toEqual([]);
    });

    it('keeps float64 values exactly (no rounding through the database)', async () => {
      const series = priceSeries();
      const values = [0.1 + 0.2, 1e-300, 123_456.789_012_345, -0, 9_007_199_254_740_991];
      await storage.marketHistory.append({
        series,
        source: 'file:x.csv',
        points: values.map((value, i) => ({ atMs: BASE_MS + i * QUARTER_MS, knownAtMs: BASE_MS, value })),
      });
      expect((await storage.marketHistory.points(series.key)).map((p) => p.value)).toEqual(values);
    });

    it('serves an as-of view: a correction is seen only from its known-at time, the old value before', async () => {
      const series = priceSeries();
      const at = BASE_MS + DAY_MS;
      await storage.marketHistory.append({
        series,
        source: 'feed:ercot-rt',
        points: [{ atMs: at, knownAtMs: at + QUARTER_MS, value: 40 }],
      });
      await storage.marketHistory.append({
        series,
        source: 'feed:ercot-mis',
        points: [{ atMs: at, knownAtMs: at + HOUR_MS, value: 42 }],
      });
      const read = (asOfMs?: number) => storage.marketHistory.points(series.key, { asOfMs });
      expect(await read(at)).toEqual([]);
      expect((await read(at + QUARTER_MS))[0]).toMatchObject({ value: 40, source: 'feed:ercot-rt' });
      expect((await read(at + HOUR_MS - 1))[0]?.value).toBe(40);
      expect((await read(at + HOUR_MS))[0]).toMatchObject({ value: 42, source: 'feed:ercot-mis' });
      expect((await read())[0]?.value).toBe(42);
    });

    it('on equal known-at times the batch stored last wins', async () => {
      const series = priceSeries();
      for (const value of [1, 2, 3]) {
        await storage.marketHistory.append({
          series,
          source: `manual:${value}`,
          points: [{ atMs: BASE_MS, knownAtMs: BASE_MS, value }],
        });
      }
      expect(await storage.marketHistory.points(series.key)).toEqual([
        { atMs: BASE_MS, knownAtMs: BASE_MS, value: 3, source: 'manual:3' },
      ]);
    });

    it('reads a window [from, to) across batches', async () => {
      const series = priceSeries();
      for (let day = 0; day < 3; day++) {
        await storage.marketHistory.append({
          series,
          source: 'file:y.csv',
          points: Array.from({ length: 96 }, (_, i) => ({
            atMs: BASE_MS + day * DAY_MS + i * QUARTER_MS,
            knownAtMs: BASE_MS,
            value: day * 100 + i,
          })),
        });
      }
      const window = await storage.marketHistory.points(series.key, {
        fromMs: BASE_MS + DAY_MS - QUARTER_MS,
        toMs: BASE_MS + 2 * DAY_MS + QUARTER_MS,
      });
      expect(window).toHaveLength(98);
      expect(window[0]?.value).toBe(95);
      expect(window[1]?.value).toBe(100);
      expect(window[97]?.value).toBe(200);
    });

    it('lists series with counts, first and last interval and last known-at', async () => {
      const series = priceSeries();
      const empty = await storage.marketHistory.append({ series, source: 'x', points: [] });
      expect(empty).toBe(0);
      await storage.marketHistory.append({
        series,
        source: 'x',
        points: [
          { atMs: BASE_MS, knownAtMs: BASE_MS + 5, value: 1 },
          { atMs: BASE_MS + QUARTER_MS, knownAtMs: BASE_MS + 9, value: 2 },
        ],
      });
      const info = (await storage.marketHistory.series()).find((s) => s.key === series.key);
      expect(info).toEqual({
        ...series,
        points: 2,
        firstMs: BASE_MS,
        lastMs: BASE_MS + QUARTER_MS,
        lastKnownAtMs: BASE_MS + 9,
      });
    });

    it('refuses a batch whose unit or grid differs from the stored series, storing nothing', async () => {
      const series = priceSeries();
      const point = { atMs: BASE_MS, knownAtMs: BASE_MS, value: 1 };
      await storage.marketHistory.append({ series, source: 'x', points: [point] });
      await expect(
        storage.marketHistory.append({
          series: { ...series, unit: 'CAD/MWh' },
          source: 'x',
          points: [point],
        }),
      ).rejects.toMatchObject({ code: 'SY_ERR_STORAGE_CONFLICT' });
      await expect(
        storage.marketHistory.append({
          series: { ...series, resolutionMs: HOUR_MS },
          source: 'x',
          points: [{ ...point, value: 2 }],
        }),
      ).rejects.toMatchObject({ code: 'SY_ERR_STORAGE_CONFLICT' });
      expect((await storage.marketHistory.points(series.key)).map((p) => p.value)).toEqual([1]);
    });
  });
}
