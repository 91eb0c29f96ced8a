import {
  BPS,
  DIFFICULTY_SCALE,
  type ExpectedProductionInput,
  SECONDS_PER_DAY,
} from './expected-production.ts';

const HASHES_PER_DIFFICULTY_1 = 2n ** 32n;
const BLOCK_INTERVAL_SECONDS = 600n;

/** PPLNS inputs: FPPS's, plus the blocks the network (or the pool) actually found. */
export interface PplnsInput extends ExpectedProductionInput {
  /** Blocks the whole network found over `blocksSeconds` (a day's actual block count). */
  readonly networkBlocks: bigint;
  /** Time `networkBlocks` were found in, seconds (default 86_400: a day). */
  readonly blocksSeconds?: bigint;
  /** The pool's share of the network hashrate, basis points (10 % = 1000n; 10000n when unknown). */
  readonly poolShareBps: bigint;
  /** Blocks the pool actually found in the period, when known (its luck); else the expected share. */
  readonly poolBlocks?: bigint;
}

/**
 * PPLNS payout, whole satoshis (floored once, ADR 0004). The pool pays out the blocks it finds,
 * split by hashrate among its miners, less its fee:
 *
 *   network hashrate     N = D x 2^32 / 600
 *   pool hashrate        P = poolShare x N            (the site's hashrate h must be <= P)
 *   blocks the pool finds  = poolShare x networkBlocks x seconds / blocksSeconds   (or `poolBlocks`)
 *   payout               = h / P x pool blocks x (subsidy + fees / feeBlocks) x (1 - pool fee)
 *
 * In expectation the pool share cancels: payout = h / N x actual network blocks x reward x (1 - fee),
 * i.e. FPPS with the day's ACTUAL block count in place of the expected `seconds / 600` (a day with 150
 * blocks pays 150/144 of FPPS). The share matters when the pool's actual blocks are given (luck) and
 * bounds the site's hashrate. Fees are the day's actual fees (`feesSats` over `feeBlocks`), not a
 * smoothed estimate, when the data has them.
 */
export function pplnsProductionSats(input: PplnsInput): bigint {
  const seconds = input.seconds ?? SECONDS_PER_DAY;
  const blocksSeconds = input.blocksSeconds ?? SECONDS_PER_DAY;
  check(input.hashrateHs >= 0n, 'hashrateHs must be >= 0');
  check(input.difficultyScaled > 0n, 'difficulty must be > 0');
  check(input.subsidySatsPerBlock >= 0n && input.feesSats >= 0n, 'subsidy and fees must be >= 0');
  check(input.feeBlocks > 0n, 'feeBlocks must be > 0');
  check(input.poolFeeBps >= 0n && input.poolFeeBps <= BPS, 'pool fee must be 0..10000 bps');
  check(input.poolShareBps > 0n && input.poolShareBps <= BPS, 'pool share must be 1..10000 bps');
  check(input.networkBlocks >= 0n && blocksSeconds > 0n && seconds >= 0n, 'blocks and periods must be >= 0');
  check(input.poolBlocks === undefined || input.poolBlocks >= 0n, 'poolBlocks must be >= 0');
  // h / P = h x 600 x 10^4 x 10^8 / (poolShareBps x Dscaled x 2^32)
  const shareNum = input.hashrateHs * BLOCK_INTERVAL_SECONDS * BPS * DIFFICULTY_SCALE;
  const shareDen = input.poolShareBps * input.difficultyScaled * HASHES_PER_DIFFICULTY_1;
  check(shareNum <= shareDen, "the site's hashrate exceeds the pool's (raise hashrateSharePercent)");
  // pool blocks = poolShareBps x B x seconds / (10^4 x blocksSeconds), or the given count
  const [blocksNum, blocksDen] =
    input.poolBlocks === undefined
      ? [input.poolShareBps * input.networkBlocks * seconds, BPS * blocksSeconds]
      : [input.poolBlocks, 1n];
  const rewardNum = input.subsidySatsPerBlock * input.feeBlocks + input.feesSats;
  const numerator = shareNum * blocksNum * rewardNum * (BPS - input.poolFeeBps);
  const denominator = shareDen * blocksDen * input.feeBlocks * BPS;
  return numerator / denominator;
}

/** A pool share in percent (12.5) -> basis points (1250n); 10000n (the whole network) when absent. */
export function poolShareBpsFromPercent(percent: number | undefined): bigint {
  return percent === undefined ? BPS : BigInt(Math.round(percent * 100));
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`PPLNS production: ${message}`);
}
