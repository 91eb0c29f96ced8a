import { satsToBtcText } from '../accounting/exact-units.ts';
import { type Posting, transfer } from '../accounting/ledger.ts';
import type { StoredPoolCredit } from '../pools/pool-credit.ts';

/**
 * The ledger postings of pool credits, the actual event the books record for mining revenue
 * (debit `pool-receivable`, credit `mining-revenue:<site>`), one per credit, keyed
 * `pool-credit:<source>:<account>:<date>`. A credit whose production month is closed posts into the
 * open period, on `openDate`, its production date kept in the memo (a late credit). A revised
 * credit posts only its difference, keyed with the revised amount, so nothing booked changes.
 */
export function poolCreditPostings(
  credits: readonly StoredPoolCredit[],
  options: {
    /** Months (`YYYY-MM`) already closed. */
    readonly closedMonths: ReadonlySet<string>;
    /** The date late credits are booked on (a day of the open period). */
    readonly openDate: string;
    /** What is already booked per credit key prefix (`pool-credit:<source>:<account>:<date>`), sats. */
    readonly bookedSats: ReadonlyMap<string, bigint>;
  },
): Posting[] {
  const postings: Posting[] = [];
  for (const credit of credits) {
    const base = `pool-credit:${credit.source}:${credit.account}:${credit.date}`;
    const booked = options.bookedSats.get(base) ?? 0n;
    const difference = credit.creditedSats - booked;
    if (difference === 0n) continue;
    const late = options.closedMonths.has(credit.date.slice(0, 7));
    const key = booked === 0n ? base : `${base}:revised:${credit.creditedSats}`;
    const posting = transfer(
      key,
      late ? options.openDate : credit.date,
      'sats',
      'pool-receivable',
      `mining-revenue:${credit.siteId}`,
      difference,
      `pool credit ${credit.source} ${credit.account} for ${credit.date}: ${satsToBtcText(credit.creditedSats)} BTC${
        late ? ` (late: ${credit.date.slice(0, 7)} closed)` : ''
      }${booked === 0n ? '' : ` (revised from ${satsToBtcText(booked)})`}`,
    );
    if (posting) postings.push(posting);
  }
  return postings;
}
