import type { DifficultyEpoch } from '../market/btc-day.ts';

export const HALVING_INTERVAL_BLOCKS = 210_000;
const INITIAL_SUBSIDY_SATS = 5_000_000_000n;
const DAY_MS = 86_400_000;

/** Block subsidy at a height, satoshis (exact): 50 BTC halved every 210,000 blocks. */
export function blockSubsidySats(height: number): bigint {
  if (!Number.isInteger(height) || height < 0)
    throw new RangeError(`height must be a non-negative integer, got ${height}`);
  const halvings = Math.floor(height / HALVING_INTERVAL_BLOCKS);
  return halvings >= 64 ? 0n : INITIAL_SUBSIDY_SATS >> BigInt(halvings);
}

/** Block subsidy at a height, BTC. */
export function blockSubsidyBtc(height: number): number {
  return Number(blockSubsidySats(height)) / 1e8;
}

/**
 * Estimated block height at an instant, interpolated between retarget epochs (2016 blocks each)
 * by their start days. Beyond the last epoch it extrapolates at 144 blocks a day.
 */
export function estimateBlockHeight(ms: number, epochs: readonly DifficultyEpoch[]): number {
  if (epochs.length === 0) throw new RangeError('no difficulty epochs to estimate a block height from');
  let index = 0;
  for (let i = 0; i < epochs.length; i++) {
    if (Date.parse(`${epochs[i]!.startDate}T00:00:00Z`) <= ms) index = i;
    else break;
  }
  const epoch = epochs[index]!;
  const startMs = Date.parse(`${epoch.startDate}T00:00:00Z`);
  const next = epochs[index + 1];
  if (next === undefined || ms < startMs) {
    return Math.max(0, Math.floor(epoch.height + ((ms - startMs) / DAY_MS) * 144));
  }
  const nextMs = Date.parse(`${next.startDate}T00:00:00Z`);
  const fraction = (ms - startMs) / (nextMs - startMs);
  return Math.floor(epoch.height + fraction * (next.height - epoch.height));
}
