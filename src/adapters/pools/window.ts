import { SwitchyardError } from '../../core/errors/index.ts';
import type { PoolCreditDay, PoolName } from '../../core/pools/pool-credit.ts';
import type { PoolEarningsQuery } from '../../core/ports/pool-earnings.ts';

/**
 * The credits inside the query's window, oldest first. The same day twice in one reply is a
 * malformed reply (which of the two is the credit cannot be told).
 */
export function creditsInWindow(
  pool: PoolName,
  credits: readonly PoolCreditDay[],
  query: PoolEarningsQuery,
): PoolCreditDay[] {
  const seen = new Set<string>();
  for (const credit of credits) {
    if (seen.has(credit.date))
      throw new SwitchyardError(
        'SY_ERR_POOL_REPLY_MALFORMED',
        `${pool}: reply lists the day ${credit.date} twice`,
        {
          pool,
          date: credit.date,
        },
      );
    seen.add(credit.date);
  }
  return credits
    .filter((c) => c.date >= query.fromDate && c.date <= query.toDate)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
