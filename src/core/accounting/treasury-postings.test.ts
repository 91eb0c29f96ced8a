import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.ts';
import { treasuryPostings } from './treasury-postings.ts';

describe('treasury postings', () => {
  it('books a sale as two linked one-unit postings, a transfer and a payout as one', () => {
    const ledger = new Ledger();
    const tx = 'AB'.repeat(32);
    ledger.postAll(
      treasuryPostings({
        kind: 'payout',
        id: 'p1',
        date: '2025-01-02',
        sats: 50_000_000n,
        siteId: 'a',
        txId: tx,
      }),
    );
    const sale = treasuryPostings({
      kind: 'sale',
      id: 's1',
      date: '2025-01-03',
      sats: 10_000_000n,
      usdCents: 950_012n,
    });
    expect(sale.map((p) => [p.key, p.unit])).toEqual([
      ['treasury:s1:sats', 'sats'],
      ['treasury:s1:usd', 'micro-usd'],
    ]);
    ledger.postAll(sale);
    ledger.postAll(
      treasuryPostings({
        kind: 'transfer-out',
        id: 't1',
        date: '2025-01-04',
        sats: 1_000n,
        destination: 'cold',
      }),
    );
    expect(ledger.has(`payout:${tx.toLowerCase()}:a:2025-01-02`)).toBe(true);
    expect(ledger.balance('btc-treasury')).toBe(39_999_000n);
    expect(ledger.balance('btc-sold')).toBe(10_000_000n);
    expect(ledger.balance('btc-transferred-out')).toBe(1_000n);
    expect(ledger.balance('cash-usd')).toBe(9_500_120_000n);
    expect(ledger.creditBalance('btc-sale-proceeds')).toBe(9_500_120_000n);
    expect(ledger.trialBalance('sats')).toBe(0n);
    expect(ledger.trialBalance('micro-usd')).toBe(0n);
  });
});
