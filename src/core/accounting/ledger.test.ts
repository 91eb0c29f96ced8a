import { describe, expect, it } from 'vitest';
import { accountUnit, Ledger, type Posting, transfer } from './ledger.ts';
import { LedgerError } from './ledger-error.ts';

const minedDay = (date: string, site: string, sats: bigint): Posting => ({
  key: `mined:${site}:${date}`,
  date,
  unit: 'sats',
  lines: [
    { account: 'pool-receivable', side: 'debit', amount: sats },
    { account: `mining-revenue:${site}`, side: 'credit', amount: sats },
  ],
});

describe('Ledger', () => {
  it('books balanced postings and reports balances by account and period', () => {
    const ledger = new Ledger();
    ledger.post(minedDay('2025-09-30', 'a', 1_000n));
    ledger.post(minedDay('2025-10-01', 'a', 2_000n));
    ledger.post(minedDay('2025-10-01', 'b', 500n));
    ledger.post(transfer('payout:tx1', '2025-10-02', 'sats', 'btc-treasury', 'pool-receivable', 2_500n)!);
    expect(ledger.creditBalance('mining-revenue:a')).toBe(3_000n);
    expect(ledger.creditBalance('mining-revenue:a', '2025-10')).toBe(2_000n);
    expect(ledger.balance('pool-receivable', '2025-10')).toBe(0n);
    expect(ledger.balance('pool-receivable')).toBe(1_000n);
    expect(ledger.balance('btc-treasury', { from: '2025-10-02', to: '2025-10-03' })).toBe(2_500n);
    expect(ledger.balanceOfPrefix('mining-revenue:', '2025-10')).toBe(-2_500n);
    expect(ledger.trialBalance('sats')).toBe(0n);
    expect(ledger.balances('2025-09').get('mining-revenue:a')).toBe(-1_000n);
  });

  it('books a posting twice only once, and refuses a different posting under a booked key', () => {
    const ledger = new Ledger();
    expect(ledger.post(minedDay('2025-10-01', 'a', 2_000n))).toBe('booked');
    expect(ledger.post(minedDay('2025-10-01', 'a', 2_000n))).toBe('duplicate');
    expect(ledger.postAll([minedDay('2025-10-01', 'a', 2_000n), minedDay('2025-10-02', 'a', 1n)])).toEqual({
      booked: 1,
      duplicates: 1,
    });
    expect(ledger.creditBalance('mining-revenue:a')).toBe(2_001n);
    expect(() => ledger.post(minedDay('2025-10-01', 'a', 9n))).toThrow(
      /posting "mined:a:2025-10-01": key already booked/,
    );
  });

  it('rejects an unbalanced posting naming it and books nothing of it', () => {
    const ledger = new Ledger();
    const bad: Posting = {
      key: 'energy:a:2025-10-01',
      date: '2025-10-01',
      unit: 'micro-usd',
      lines: [
        { account: 'energy-cost:a:ercot', side: 'debit', amount: 100n },
        { account: 'energy-payable', side: 'credit', amount: 90n },
      ],
    };
    expect(() => ledger.post(bad)).toThrow(LedgerError);
    expect(() => ledger.post(bad)).toThrow(
      'posting "energy:a:2025-10-01": does not balance: debits 100 micro-usd != credits 90 micro-usd',
    );
    expect(ledger.postings()).toHaveLength(0);
    expect(ledger.has('energy:a:2025-10-01')).toBe(false);
  });

  it('rejects unknown accounts, mixed units, bad amounts and dates', () => {
    const ledger = new Ledger();
    const base = minedDay('2025-10-01', 'a', 5n);
    expect(() =>
      ledger.post({ ...base, lines: [...base.lines.slice(0, 1), { ...base.lines[1]!, account: 'x' }] }),
    ).toThrow(/line 2: unknown account "x"/);
    expect(() => ledger.post({ ...base, unit: 'micro-usd' })).toThrow(
      /kept in sats, the posting is in micro-usd/,
    );
    expect(() => ledger.post({ ...base, lines: base.lines.map((l) => ({ ...l, amount: 0n })) })).toThrow(
      /amount must be a positive/,
    );
    expect(() => ledger.post({ ...base, date: '2025-13-01' })).toThrow(/is not YYYY-MM-DD/);
    expect(() => ledger.post({ ...base, lines: base.lines.slice(0, 1) })).toThrow(/at least two lines/);
  });

  it('knows every account kind and its unit', () => {
    expect(accountUnit('btc-treasury')).toBe('sats');
    expect(accountUnit('mining-revenue:tx-west')).toBe('sats');
    expect(accountUnit('energy-cost:tx-west:ercot-rt')).toBe('micro-usd');
    expect(accountUnit('lease-receivable:acme')).toBe('micro-usd');
    for (const a of ['energy-payable', 'dr-credits', 'export-revenue', 'cash-usd', 'lease-revenue:t'])
      expect(accountUnit(a)).toBe('micro-usd');
    expect(accountUnit('energy-cost:only-site')).toBeUndefined();
    expect(transfer('k', '2025-01-01', 'sats', 'btc-treasury', 'pool-receivable', 0n)).toBeUndefined();
    expect(transfer('k', '2025-01-01', 'sats', 'btc-treasury', 'pool-receivable', -3n)!.lines[0]).toEqual({
      account: 'pool-receivable',
      side: 'debit',
      amount: 3n,
    });
  });
});
