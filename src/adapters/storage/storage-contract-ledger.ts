import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_AMOUNT, type Posting, transfer } from '../../core/accounting/ledger.ts';
import type { Storage } from '../../core/ports/storage.ts';
import type { ContractContext } from './storage-contract-context.ts';

/** The persistent ledger. Called inside the Storage contract's describe (storage.contract.ts). */
export function ledgerContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
  });
  /** A lease sale to a fresh tenant: receivable / revenue, micro-USD. */
  const sale = (tenant: string, key: string, date: string, amount: bigint, memo?: string): Posting =>
    transfer(key, date, 'micro-usd', `lease-receivable:${tenant}`, `lease-revenue:${tenant}`, amount, memo)!;

  describe('ledger', () => {
    it('books a posting once: the same key and content is a duplicate, different content is refused', async () => {
      const tenant = uid('tenant');
      const posting = sale(tenant, uid('key'), '2031-05-01', 1_500_000n, 'first memo');
      expect(await storage.ledger.post(posting)).toBe('booked');
      expect(await storage.ledger.post({ ...posting, memo: 'another memo' })).toBe('duplicate');
      expect(await storage.ledger.get(posting.key)).toEqual(posting);
      const changed = sale(tenant, posting.key, '2031-05-01', 1_500_001n);
      const error = await storage.ledger.post(changed).catch((e) => e);
      expect(error).toMatchObject({ code: 'SY_ERR_LEDGER_REJECTED', details: { key: posting.key } });
      expect(error.message).toContain(`posting "${posting.key}"`);
      expect(await storage.ledger.balance(`lease-revenue:${tenant}`)).toBe(-1_500_000n);
      expect(await storage.ledger.get(uid('key'))).toBeUndefined();
    });

    it('refuses unbalanced, mixed-unit and unknown-account postings whole, naming them', async () => {
      const tenant = uid('tenant');
      const key = uid('key');
      const good = sale(tenant, key, '2031-05-02', 10n);
      const bad: Posting[] = [
        { ...good, lines: [good.lines[0]!, { ...good.lines[1]!, amount: 9n }] },
        { ...good, lines: [good.lines[0]!, { ...good.lines[1]!, account: 'mining-revenue:x' }] },
        { ...good, lines: [good.lines[0]!, { ...good.lines[1]!, account: 'nowhere' }] },
        { ...good, lines: [good.lines[0]!] },
        { ...good, date: '2031-5-2' },
        { ...good, lines: good.lines.map((l) => ({ ...l, amount: MAX_LINE_AMOUNT + 1n })) },
      ];
      for (const posting of bad) {
        await expect(storage.ledger.post(posting)).rejects.toMatchObject({
          code: 'SY_ERR_LEDGER_REJECTED',
          message: expect.stringContaining(`posting "${key}"`),
        });
      }
      expect(await storage.ledger.get(key)).toBeUndefined();
      expect(await storage.ledger.balances(undefined, `lease-revenue:${tenant}`)).toEqual(new Map());
    });

    it('books a batch all or nothing', async () => {
      const tenant = uid('tenant');
      const booked = sale(tenant, uid('key'), '2031-05-03', 5n);
      await storage.ledger.post(booked);
      const fresh = sale(tenant, uid('key'), '2031-05-03', 7n);
      await expect(
        storage.ledger.postAll([fresh, sale(tenant, booked.key, '2031-05-03', 6n)]),
      ).rejects.toMatchObject({ code: 'SY_ERR_LEDGER_REJECTED', details: { key: booked.key } });
      expect(await storage.ledger.get(fresh.key)).toBeUndefined();
      await expect(
        storage.ledger.postAll([fresh, sale(tenant, fresh.key, '2031-05-03', 8n)]),
      ).rejects.toMatchObject({ code: 'SY_ERR_LEDGER_REJECTED' });
      expect(await storage.ledger.get(fresh.key)).toBeUndefined();
      expect(await storage.ledger.postAll([booked, fresh, fresh])).toEqual({ booked: 1, duplicates: 2 });
      expect(await storage.ledger.postAll([])).toEqual({ booked: 0, duplicates: 0 });
      expect(await storage.ledger.balance(`lease-receivable:${tenant}`)).toBe(12n);
    });

    it('keeps amounts exact beyond 2^53 and sums beyond a BIGINT', async () => {
      const tenant = uid('tenant');
      const big = 2n ** 62n + 1n;
      await storage.ledger.post(sale(tenant, uid('key'), '2031-06-01', big));
      await storage.ledger.post(sale(tenant, uid('key'), '2031-06-02', MAX_LINE_AMOUNT));
      expect(
        (await storage.ledger.list({ accountPrefix: `lease-revenue:${tenant}` }))[0]!.lines[0]!.amount,
      ).toBe(big);
      expect(await storage.ledger.balance(`lease-receivable:${tenant}`)).toBe(big + MAX_LINE_AMOUNT);
      expect((await storage.ledger.balances('2031-06')).get(`lease-revenue:${tenant}`)).toBe(
        -(big + MAX_LINE_AMOUNT),
      );
    });

    it('gives balances per account and period (month prefix or [from, to) dates)', async () => {
      const a = uid('tenant');
      const b = uid('tenant');
      const site = uid('site');
      await storage.ledger.postAll([
        sale(a, uid('key'), '2031-07-31', 100n),
        sale(a, uid('key'), '2031-08-01', 20n),
        sale(b, uid('key'), '2031-08-15', 3n),
        transfer(uid('key'), '2031-08-20', 'sats', 'pool-receivable', `mining-revenue:${site}`, 50n)!,
      ]);
      expect(await storage.ledger.balance(`lease-receivable:${a}`, '2031-08')).toBe(20n);
      expect(await storage.ledger.balance(`lease-receivable:${a}`, '2031')).toBe(120n);
      expect(await storage.ledger.balance(`lease-receivable:${a}`, { to: '2031-08-01' })).toBe(100n);
      expect(await storage.ledger.balance(`lease-receivable:${a}`, { from: '2031-08-01' })).toBe(20n);
      expect(await storage.ledger.balance(`lease-receivable:${a}`, '2031-09')).toBe(0n);
      const august = await storage.ledger.balances('2031-08');
      expect(august.get(`lease-revenue:${a}`)).toBe(-20n);
      expect(august.get(`lease-revenue:${b}`)).toBe(-3n);
      expect(august.get(`mining-revenue:${site}`)).toBe(-50n);
      expect(
        await storage.ledger.balances({ from: '2031-08-01', to: '2031-09-01' }, `lease-revenue:${a}`),
      ).toEqual(new Map([[`lease-revenue:${a}`, -20n]]));
      // Every posting balances, so each unit's accounts sum to zero over any period.
      for (const period of ['2031-08', '2031']) {
        const all = [...(await storage.ledger.balances(period)).values()];
        expect(all.reduce((s, v) => s + v, 0n)).toBe(0n);
      }
    });

    it('lists postings by period and account prefix, by date then booking order', async () => {
      const tenant = uid('tenant');
      const keys = [uid('k'), uid('k'), uid('k'), uid('k')];
      await storage.ledger.post(sale(tenant, keys[0]!, '2031-10-02', 1n, 'second day'));
      await storage.ledger.post(sale(tenant, keys[1]!, '2031-10-01', 2n));
      await storage.ledger.post(sale(tenant, keys[2]!, '2031-10-02', 3n));
      await storage.ledger.post(sale(tenant, keys[3]!, '2031-11-01', 4n));
      const october = await storage.ledger.list({
        period: '2031-10',
        accountPrefix: `lease-revenue:${tenant}`,
      });
      expect(october.map((p) => p.key)).toEqual([keys[1], keys[0], keys[2]]);
      expect(october[1]).toEqual(sale(tenant, keys[0]!, '2031-10-02', 1n, 'second day'));
      expect(october[0]).not.toHaveProperty('memo');
      const all = await storage.ledger.list({ accountPrefix: `lease-receivable:${tenant}` });
      expect(all.map((p) => p.key)).toEqual([keys[1], keys[0], keys[2], keys[3]]);
      expect(
        (await storage.ledger.list({ accountPrefix: `lease-revenue:${tenant}`, limit: 2 })).map((p) => p.key),
      ).toEqual([keys[1], keys[0]]);
      expect(await storage.ledger.list({ accountPrefix: `lease-revenue:${uid('nobody')}` })).toEqual([]);
      expect(await storage.ledger.dailyChanges(`lease-receivable:${tenant}`, { from: '2031-10-01' })).toEqual(
        [
          { date: '2031-10-01', change: 2n },
          { date: '2031-10-02', change: 4n },
          { date: '2031-11-01', change: 4n },
        ],
      );
    });

    it('books with the transaction it runs in, and rolls back with it', async () => {
      const tenant = uid('tenant');
      const kept = sale(tenant, uid('key'), '2031-12-01', 9n);
      const lost = sale(tenant, uid('key'), '2031-12-01', 11n);
      await storage.transaction(async (tx) => {
        await tx.ledger.post(kept);
      });
      await expect(
        storage.transaction(async (tx) => {
          await tx.ledger.post(lost);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await storage.ledger.get(kept.key)).toEqual(kept);
      expect(await storage.ledger.get(lost.key)).toBeUndefined();
    });

    it('books one of many concurrent posts of the same key', async () => {
      const posting = sale(uid('tenant'), uid('key'), '2031-12-02', 77n);
      const results = await Promise.all(Array.from({ length: 8 }, () => storage.ledger.post(posting)));
      expect(results.filter((r) => r === 'booked')).toHaveLength(1);
      expect(results.filter((r) => r === 'duplicate')).toHaveLength(7);
    });
  });
}
