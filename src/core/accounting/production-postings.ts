import { type Posting, transfer } from './ledger.ts';

/** Posting key of a site-day's expected production (one per site and day: booking it again is a no-op). */
export function minedKey(siteId: string, date: string): string {
  return `mined:${siteId}:${date}`;
}

/** Expected FPPS production of a site-day: the pool owes it (pool-receivable) and it is revenue. */
export function minedPosting(siteId: string, date: string, sats: bigint): Posting | undefined {
  return transfer(
    minedKey(siteId, date),
    date,
    'sats',
    'pool-receivable',
    `mining-revenue:${siteId}`,
    sats,
    `expected production ${siteId} ${date}`,
  );
}
