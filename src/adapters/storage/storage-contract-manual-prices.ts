import { beforeAll, describe, expect, it } from 'vitest';
import type { ManualPrice } from '../../core/ports/manual-price-repository.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { BASE_MS, type ContractContext, HOUR_MS } from './storage-contract-context.ts';

/** The manual price repository's contract. Called inside the Storage contract's describe (storage.contract.ts). */
export function manualPricesContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
  });
  const entry = (over: Partial<ManualPrice> = {}): ManualPrice => ({
    id: uid('manual'),
    kind: 'price',
    seriesId: 'ercot_rt_hb_west',
    usdPerMwh: '45.00',
    fromMs: BASE_MS,
    expiresAtMs: BASE_MS + 2 * HOUR_MS,
    note: 'feed down, desk quote',
    enteredBy: 'key-ops',
    enteredAtMs: BASE_MS,
    ...over,
  });

  describe('manual prices', () => {
    it('stores entries as entered (the price as exact decimal text) and reads them back', async () => {
      const price = entry({ usdPerMwh: '-1234.567891' });
      const override = entry({ kind: 'tariff-override', seriesId: undefined, siteId: uid('site'), note: '' });
      delete (override as { seriesId?: string }).seriesId;
      await storage.manualPrices.create(price);
      await storage.manualPrices.create(override);
      expect(await storage.manualPrices.get(price.id)).toEqual(price);
      expect(await storage.manualPrices.get(override.id)).toEqual(override);
      expect(await storage.manualPrices.get(uid('manual'))).toBeUndefined();
    });

    it('rejects a duplicate id with SY_ERR_STORAGE_CONFLICT and keeps the first', async () => {
      const first = entry();
      await storage.manualPrices.create(first);
      await expect(storage.manualPrices.create({ ...first, usdPerMwh: '99' })).rejects.toMatchObject({
        code: 'SY_ERR_STORAGE_CONFLICT',
      });
      expect((await storage.manualPrices.get(first.id))?.usdPerMwh).toBe('45.00');
    });

    it('lists the current entries by entry time, leaving out expired and withdrawn ones', async () => {
      const now = BASE_MS + 10_000 * HOUR_MS;
      const later = entry({ enteredAtMs: now - 1, fromMs: now, expiresAtMs: now + HOUR_MS });
      const earlier = entry({ enteredAtMs: now - 2, fromMs: now + HOUR_MS, expiresAtMs: now + 2 * HOUR_MS });
      const expired = entry({ enteredAtMs: now - 3, fromMs: now - HOUR_MS, expiresAtMs: now });
      const withdrawn = entry({ enteredAtMs: now - 4, fromMs: now, expiresAtMs: now + HOUR_MS });
      for (const e of [later, earlier, expired, withdrawn]) await storage.manualPrices.create(e);
      expect(await storage.manualPrices.remove(withdrawn.id, now - 1)).toBe(true);
      expect(await storage.manualPrices.remove(withdrawn.id, now)).toBe(false);
      expect(await storage.manualPrices.remove(uid('manual'), now)).toBe(false);
      expect((await storage.manualPrices.get(withdrawn.id))?.removedAtMs).toBe(now - 1);
      const ids = [later.id, earlier.id, expired.id, withdrawn.id];
      const current = (await storage.manualPrices.current(now)).filter((e) => ids.includes(e.id));
      expect(current).toEqual([earlier, later]);
    });

    it('rolls an entry back with its transaction', async () => {
      const e = entry();
      await expect(
        storage.transaction(async (tx) => {
          await tx.manualPrices.create(e);
          throw new Error('audit failed');
        }),
      ).rejects.toThrow('audit failed');
      expect(await storage.manualPrices.get(e.id)).toBeUndefined();
    });
  });
}
