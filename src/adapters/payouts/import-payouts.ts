import { type Ledger, type Posting, transfer } from '../../core/accounting/ledger.ts';
import type { PayoutFile } from './payout-file.ts';

/** The ledger postings of a payout file: BTC received into the treasury from the pool receivable. */
export function payoutPostings(file: PayoutFile): Posting[] {
  return file.rows.map(
    (row) =>
      transfer(
        row.key,
        row.date,
        'sats',
        'btc-treasury',
        'pool-receivable',
        row.amountSats,
        `payout ${row.siteId} ${row.date}${row.txId ? ` tx ${row.txId}` : ''} (${file.file}:${row.line})`,
      )!,
  );
}

/**
 * Books a parsed payout file. Importing the same file (or the same tx lines from another export)
 * again books nothing twice: every line's key is its tx id, or the file hash + line.
 */
export function importPayouts(ledger: Ledger, file: PayoutFile): { booked: number; duplicates: number } {
  // All or nothing: a line that conflicts with a booked posting leaves the ledger untouched.
  return ledger.postAll(payoutPostings(file));
}
