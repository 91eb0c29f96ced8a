import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../core/accounting/ledger.ts';
import { minedPosting } from '../../core/accounting/production-postings.ts';
import { reconcilePayouts } from '../../core/accounting/reconcile-payouts.ts';
import { DataFileError } from '../../core/errors/index.ts';
import { importPayouts } from './import-payouts.ts';
import { parsePayoutCsv, readPayoutFile } from './payout-file.ts';

const TX1 = 'a'.repeat(64);
const TX2 = 'b'.repeat(64);
const GOOD = [
  'date,site,amount_btc,tx_id',
  `2025-09-01,tx-west,0.06168494,${TX1}`,
  `2025-09-01,ab-north,0.01,${TX1}`,
  '2025-09-02,tx-west,0.0617,',
  `2025-09-03,tx-west,0.06160000,${TX2}`,
  '',
].join('\n');

describe('payout file', () => {
  it('parses amounts exactly and keys lines by tx id or by content', () => {
    const file = parsePayoutCsv(GOOD, 'payouts.csv');
    expect(file.rows.map((r) => r.amountSats)).toEqual([6_168_494n, 1_000_000n, 6_170_000n, 6_160_000n]);
    expect(file.rows[0]!.key).toBe(`payout:${TX1}:tx-west:2025-09-01`);
    expect(file.rows[2]!.key).toBe('payout:no-tx:tx-west:2025-09-02:6170000#1');
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['2025-09-31,tx-west,0.1,', /payouts\.csv:2:1 \(column date\).*not a date/],
    ['2025-09-01,tx-west,0.123456789,', /payouts\.csv:2:3 \(column amount_btc\).*at most 8 decimals/],
    ['2025-09-01,tx-west,-0.1,', /:2:3 \(column amount_btc\)/],
    ['2025-09-01,tx-west,1e-3,', /:2:3 \(column amount_btc\)/],
    ['2025-09-01,,0.1,', /:2:2 \(column site\).*empty/],
    ['2025-09-01,tx-west,0.1,xyz', /:2:4 \(column tx_id\).*not a transaction id/],
    ['2025-09-01,tx-west,0.1', /payouts\.csv:2: expected 4 cells/],
  ])('rejects the whole file on a bad line: %s', (line, message) => {
    const text = `date,site,amount_btc,tx_id\n${line}\n2025-09-02,tx-west,0.2,\n`;
    expect(() => parsePayoutCsv(text, 'payouts.csv')).toThrow(DataFileError);
    expect(() => parsePayoutCsv(text, 'payouts.csv')).toThrow(message);
  });

  it('rejects a missing column, an empty file and a repeated tx line', () => {
    expect(() => parsePayoutCsv('date,site,amount\n', 'p.csv')).toThrow(
      /lacks required columns "amount_btc", "tx_id"/,
    );
    expect(() => parsePayoutCsv('date,site,amount_btc,tx_id\n', 'p.csv')).toThrow(/no payout lines/);
    const repeated = `date,site,amount_btc,tx_id\n2025-09-01,a,1,${TX1}\n2025-09-01,a,1,${TX1}\n`;
    expect(() => parsePayoutCsv(repeated, 'p.csv')).toThrow(/p\.csv:3:4 \(column tx_id\): repeats line 2/);
  });

  it('imports a file twice but books it once, and leaves the ledger untouched on a conflict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payouts-'));
    const path = join(dir, 'payouts.csv');
    writeFileSync(path, GOOD);
    const ledger = new Ledger();
    expect(importPayouts(ledger, readPayoutFile(path))).toEqual({ booked: 4, duplicates: 0 });
    expect(importPayouts(ledger, readPayoutFile(path))).toEqual({ booked: 0, duplicates: 4 });
    expect(ledger.balance('btc-treasury')).toBe(19_498_494n);
    // A re-export repeats the lines (tx or not) and adds two identical tx-less lines: only those are new.
    const export2 = `${GOOD}2025-09-04,tx-west,0.05,\n2025-09-04,tx-west,0.05,\n`;
    expect(importPayouts(ledger, parsePayoutCsv(export2, 'export2.csv'))).toEqual({
      booked: 2,
      duplicates: 4,
    });
    expect(ledger.balance('btc-treasury')).toBe(29_498_494n);
    // A changed amount under a booked tx id is refused, and nothing of that file is booked.
    const changed = `date,site,amount_btc,tx_id\n2025-09-05,tx-west,0.01,\n2025-09-01,tx-west,0.07,${TX1}\n`;
    const before = ledger.postings().length;
    expect(() => importPayouts(ledger, parsePayoutCsv(changed, 'changed.csv'))).toThrow(/already booked/);
    expect(ledger.postings()).toHaveLength(before);
    expect(() => readPayoutFile(join(dir, 'missing.csv'))).toThrow(DataFileError);
  });

  it('reconciles payouts against expected production per site and day', () => {
    const ledger = new Ledger();
    const expected = [
      { siteId: 'tx-west', date: '2025-09-01', sats: 6_168_494n },
      { siteId: 'tx-west', date: '2025-09-02', sats: 6_200_000n },
      { siteId: 'tx-west', date: '2025-09-03', sats: 6_160_000n },
      { siteId: 'ab-north', date: '2025-09-01', sats: 1_000_100n },
    ];
    for (const e of expected) ledger.post(minedPosting(e.siteId, e.date, e.sats)!);
    const file = parsePayoutCsv(GOOD, 'payouts.csv');
    importPayouts(ledger, file);
    const result = reconcilePayouts(
      expected,
      file.rows.map((r) => ({ siteId: r.siteId, date: r.date, sats: r.amountSats })),
    );
    expect(result.rows.map((r) => [r.siteId, r.date, r.differenceSats, r.differenceBps])).toEqual([
      ['ab-north', '2025-09-01', -100n, -0n],
      ['tx-west', '2025-09-01', 0n, 0n],
      ['tx-west', '2025-09-02', -30_000n, -48n],
      ['tx-west', '2025-09-03', 0n, 0n],
    ]);
    expect(result.total.differenceSats).toBe(-30_100n);
    // What is still owed by the pool equals the reconciliation shortfall.
    expect(ledger.balance('pool-receivable')).toBe(30_100n);
    expect(result.bySite.find((s) => s.siteId === 'tx-west')!.differenceSats).toBe(-30_000n);
  });
});
