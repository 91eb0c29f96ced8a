import { blockSubsidySats, estimateBlockHeight } from '../economics/subsidy.ts';
import type { BtcDay, DifficultyEpoch } from '../market/btc-day.ts';
import { parseScaledDecimal } from './exact-units.ts';
import { difficultyFromNumber, expectedProductionSats } from './expected-production.ts';

/** One UTC day of network data in exact units, as expected production needs it. */
export interface NetworkDay {
  readonly date: string;
  /** Difficulty in force at 00:00 UTC x 10^8. */
  readonly difficultyScaled: bigint;
  readonly subsidySatsPerBlock: bigint;
  /** Fees paid over `feeBlocks` blocks, sats (the day's, or the trailing window's when estimated). */
  readonly feesSats: bigint;
  readonly feeBlocks: bigint;
  /** True when the day had no fee figure and earlier days' fees stood in. */
  readonly feesEstimated: boolean;
  /** Blocks actually found that day, when known (for PPLNS and explanations). */
  readonly blockCount: number | null;
}

const FEE_LOOKBACK_DAYS = 30;

/**
 * Exact network days from the market data's BTC days. The data hold BTC to 8 decimals and
 * difficulty to 1 decimal, so each float is turned back into its exact decimal (BTC via 8 decimals,
 * difficulty via its shortest text). Fees: the day's fees over its block count (144 when unknown);
 * a day without fees takes the sum of the fees over the sum of the blocks of the last 30 known days
 * before it (never later ones), kept as that fraction. Subsidy: the day's subsidy / blocks when that
 * is a whole number of sats, else from the block height estimated at noon.
 */
export function networkDaysFromBtcDays(
  days: readonly BtcDay[],
  epochs: readonly DifficultyEpoch[],
): NetworkDay[] {
  const recent: { fees: bigint; blocks: bigint }[] = [];
  const out: NetworkDay[] = [];
  for (const day of days) {
    const blocks = BigInt(day.blockCount && day.blockCount > 0 ? day.blockCount : 144);
    let feesSats: bigint;
    let feeBlocks: bigint;
    let feesEstimated = false;
    if (day.feesBtc !== null) {
      feesSats = btcNumberToSats(day.feesBtc);
      feeBlocks = blocks;
      recent.push({ fees: feesSats, blocks });
      if (recent.length > FEE_LOOKBACK_DAYS) recent.shift();
    } else if (recent.length > 0) {
      feesSats = recent.reduce((s, r) => s + r.fees, 0n);
      feeBlocks = recent.reduce((s, r) => s + r.blocks, 0n);
      feesEstimated = true;
    } else {
      continue;
    }
    let subsidySatsPerBlock: bigint | undefined;
    if (day.subsidyBtc !== null && day.blockCount) {
      const total = btcNumberToSats(day.subsidyBtc);
      if (total % BigInt(day.blockCount) === 0n) subsidySatsPerBlock = total / BigInt(day.blockCount);
    }
    subsidySatsPerBlock ??= blockSubsidySats(
      estimateBlockHeight(Date.parse(`${day.date}T12:00:00Z`), epochs),
    );
    out.push({
      date: day.date,
      difficultyScaled: difficultyFromNumber(day.difficulty),
      subsidySatsPerBlock,
      feesSats,
      feeBlocks,
      feesEstimated,
      blockCount: day.blockCount,
    });
  }
  return out;
}

/** Expected FPPS production of a hashrate over (part of) one network day, floored sats (ADR 0004). */
export function expectedDaySats(
  day: NetworkDay,
  hashrateHs: bigint,
  poolFeeBps: bigint,
  seconds: bigint = 86_400n,
): bigint {
  return expectedProductionSats({
    hashrateHs,
    difficultyScaled: day.difficultyScaled,
    subsidySatsPerBlock: day.subsidySatsPerBlock,
    feesSats: day.feesSats,
    feeBlocks: day.feeBlocks,
    poolFeeBps,
    seconds,
  });
}

/** A BTC figure known to 8 decimals, held as a float, back to exact sats. */
function btcNumberToSats(btc: number): bigint {
  const value = parseScaledDecimal(btc.toFixed(8), 8);
  if (value === undefined) throw new RangeError(`not a BTC amount: ${btc}`);
  return value;
}
