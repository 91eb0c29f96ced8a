import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage/memory-storage.ts';
import { payoutCredits, storePayoutCredits } from './payout-credits.ts';
import { parsePayoutCsv } from './payout-file.ts';

const CSV = `date,site,amount_btc,tx_id
2025-09-01,tx-west,0.06168494,4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b
2025-09-01,tx-west,0.00000006,
2025-09-02,tx-west,0.0617,
2025-09-02,nd-north,0.5,
`;

describe('payout CSV as daily pool credits', () => {
  it('sums the lines of a site and day into one exact credit (source csv)', () => {
    const credits = payoutCredits(parsePayoutCsv(CSV, 'payouts.csv'), 7);
    expect(credits.map((c) => [c.siteId, c.date, c.creditedSats, c.source])).toEqual([
      ['tx-west', '2025-09-01', 6_168_500n, 'csv'],
      ['tx-west', '2025-09-02', 6_170_000n, 'csv'],
      ['nd-north', '2025-09-02', 50_000_000n, 'csv'],
    ]);
  });

  it('stores them beside API credits; the same file again changes nothing', async () => {
    const storage = new MemoryStorage();
    const file = parsePayoutCsv(CSV, 'payouts.csv');
    expect(await storePayoutCredits(storage.poolCredits, file, 1)).toEqual({ new: 3, same: 0, revised: 0 });
    expect(await storePayoutCredits(storage.poolCredits, file, 2)).toEqual({ new: 0, same: 3, revised: 0 });
    const west = await storage.poolCredits.list({
      siteId: 'tx-west',
      fromDate: '2025-09-01',
      toDate: '2025-09-30',
    });
    expect(west.map((c) => c.creditedSats)).toEqual([6_168_500n, 6_170_000n]);
  });
});
