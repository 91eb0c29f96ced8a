/** One venue's answer. */
export interface VenuePrice {
  readonly venue: string;
  readonly price: number;
}

export interface ConsensusPrice {
  /** Median of the prices kept. */
  readonly price: number;
  readonly used: readonly string[];
  /** Venues refused as outliers, with their price. */
  readonly refused: readonly VenuePrice[];
}

/**
 * The consensus of several venues' prices: the median of those that answered, after refusing any
 * price more than `maxDeviation` (a share, default 2 %) away from the median of all. With two venues
 * that far apart neither can be trusted: undefined, as with no answer at all.
 */
export function consensusPrice(
  prices: readonly VenuePrice[],
  maxDeviation = 0.02,
): ConsensusPrice | undefined {
  const valid = prices.filter((p) => Number.isFinite(p.price) && p.price > 0);
  if (valid.length === 0) return undefined;
  const centre = median(valid.map((p) => p.price));
  const kept = valid.filter((p) => Math.abs(p.price - centre) <= maxDeviation * centre);
  if (kept.length === 0 || (valid.length === 2 && kept.length < 2)) return undefined;
  return {
    price: median(kept.map((p) => p.price)),
    used: kept.map((p) => p.venue),
    refused: valid.filter((p) => !kept.includes(p)),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
