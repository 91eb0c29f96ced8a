/** Expected hashes per block at difficulty 1. */
export const HASHES_PER_DIFFICULTY_1 = 2 ** 32;
/** Target seconds between blocks. */
export const BLOCK_INTERVAL_S = 600;
/** Blocks expected per day at the target interval. */
export const BLOCKS_PER_DAY = 86_400 / BLOCK_INTERVAL_S;

/** Network hashrate implied by difficulty, H/s: D x 2^32 / 600. */
export function networkHashrateHs(difficulty: number): number {
  return (difficulty * HASHES_PER_DIFFICULTY_1) / BLOCK_INTERVAL_S;
}

/** Network hashrate implied by difficulty, EH/s. */
export function networkHashrateEhs(difficulty: number): number {
  return networkHashrateHs(difficulty) / 1e18;
}
