import type { StoredPoolCredit } from '../../core/pools/pool-credit.ts';
import type { PoolCreditOutcome, PoolCreditRepository } from '../../core/ports/actuals-repository.ts';
import type { PayoutFile } from './payout-file.ts';

/**
 * The daily credits of a payout file, stored beside the pools' API credits (source `csv`, account =
 * the site): the lines of one site and day are summed, so a day paid in two lines is one credit.
 */
export function payoutCredits(file: PayoutFile, recordedAtMs: number): StoredPoolCredit[] {
  const byDay = new Map<string, StoredPoolCredit>();
  for (const row of file.rows) {
    const key = `${row.siteId}\u0000${row.date}`;
    const before = byDay.get(key);
    byDay.set(key, {
      siteId: row.siteId,
      source: 'csv',
      account: row.siteId,
      date: row.date,
      creditedSats: (before?.creditedSats ?? 0n) + row.amountSats,
      recordedAtMs,
    });
  }
  return [...byDay.values()];
}

/** Stores a payout file's daily credits; returns how many days were new, unchanged and revised. */
export async function storePayoutCredits(
  repository: PoolCreditRepository,
  file: PayoutFile,
  recordedAtMs: number,
): Promise<Record<PoolCreditOutcome, number>> {
  const counts: Record<PoolCreditOutcome, number> = { new: 0, same: 0, revised: 0 };
  for (const credit of payoutCredits(file, recordedAtMs)) counts[await repository.record(credit)]++;
  return counts;
}
