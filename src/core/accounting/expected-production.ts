import { parseScaledDecimal } from './exact-units.ts';

/** Difficulty is carried as an integer scaled by 10^8 (the data's difficulties have <= 8 decimals). */
export const DIFFICULTY_DECIMALS = 8;
export const DIFFICULTY_SCALE = 10n ** BigInt(DIFFICULTY_DECIMALS);
/** Expected hashes per block at difficulty 1 (2^32). */
export const HASHES_PER_DIFFICULTY_1_BIG = 2n ** 32n;
export const SECONDS_PER_DAY = 86_400n;
/** Basis points in 100 %. */
export const BPS = 10_000n;

/** Integer inputs of one site-day (or any period) of FPPS production. */
export interface ExpectedProductionInput {
  /** Average operating hashrate of the site over the period, H/s (whole hashes per second). */
  readonly hashrateHs: bigint;
  /** Network difficulty x 10^8 (see `difficultyFromText`). */
  readonly difficultyScaled: bigint;
  /** Block subsidy, satoshis per block. */
  readonly subsidySatsPerBlock: bigint;
  /**
   * Transaction fees of the reference window, satoshis, spread over `feeBlocks` blocks: average fees
   * per block = feesSats / feeBlocks, kept as a fraction so nothing is rounded before the end.
   */
  readonly feesSats: bigint;
  /** Blocks the fees were paid over (the day's block count; 1 when `feesSats` is already per block). */
  readonly feeBlocks: bigint;
  /** Pool fee, basis points (2.5 % = 250n). */
  readonly poolFeeBps: bigint;
  /** Length of the period, seconds (86_400n for a day). */
  readonly seconds?: bigint;
}

/**
 * Expected FPPS payout, whole satoshis, for a hashrate over a period (ADR 0004):
 *
 *   network hashrate (H/s)  = D x 2^32 / 600
 *   blocks in the period    = seconds / 600
 *   share of the network    = hashrateHs / network hashrate
 *   payout                  = share x blocks x (subsidy + avg fees per block) x (1 - pool fee)
 *                           = hashrateHs x seconds x (subsidy + fees/feeBlocks) x (10000 - feeBps)
 *                             / (D x 2^32 x 10000)
 *
 * With D scaled by 10^8 and the fee average kept as a fraction, the whole expression is one integer
 * fraction; it is floored ONCE to whole satoshis (the pool pays whole sats). The 600 s block interval
 * cancels out, so the result does not depend on it.
 *
 * PPLNS (documented, not implemented): the pool pays a share of the blocks it actually found, with
 * their actual fees. The variant replaces the expected block count `seconds / 600` with the day's
 * actual block count B and the average fees with that day's actual fees F:
 *   payout = hashrateHs x 600 x (B x subsidy + F) x (10000 - feeBps) / (D x 2^32 x 10000)
 * A day with more blocks than 144 (hashrate grew since the retarget) pays more, one with fewer pays
 * less; over many days it matches FPPS less the difference in fee policy and pool luck.
 */
export function expectedProductionSats(input: ExpectedProductionInput): bigint {
  const seconds = input.seconds ?? SECONDS_PER_DAY;
  check(input.hashrateHs >= 0n, 'hashrateHs must be >= 0');
  check(input.difficultyScaled > 0n, 'difficulty must be > 0');
  check(input.subsidySatsPerBlock >= 0n, 'subsidy must be >= 0');
  check(input.feesSats >= 0n, 'fees must be >= 0');
  check(input.feeBlocks > 0n, 'feeBlocks must be > 0');
  check(input.poolFeeBps >= 0n && input.poolFeeBps <= BPS, 'pool fee must be 0..10000 bps');
  check(seconds >= 0n, 'seconds must be >= 0');
  const rewardPerBlockTimesBlocks = input.subsidySatsPerBlock * input.feeBlocks + input.feesSats;
  const numerator =
    input.hashrateHs * seconds * rewardPerBlockTimesBlocks * (BPS - input.poolFeeBps) * DIFFICULTY_SCALE;
  const denominator = input.difficultyScaled * HASHES_PER_DIFFICULTY_1_BIG * BPS * input.feeBlocks;
  return numerator / denominator; // both non-negative: truncation = floor
}

/** `86388558925171.3` -> 8638855892517130000000n (x 10^8), exact. Throws on anything else. */
export function difficultyFromText(text: string): bigint {
  const value = parseScaledDecimal(text, DIFFICULTY_DECIMALS);
  if (value === undefined || value === 0n)
    throw new RangeError(`difficulty "${text}" is not a positive decimal with <= 8 decimals`);
  return value;
}

/** A difficulty held as a JS number (as the market readers return it), via its shortest decimal text. */
export function difficultyFromNumber(difficulty: number): bigint {
  return difficultyFromText(numberText(difficulty));
}

/** `30.3` EH/s -> 30_300_000_000_000_000_000n H/s, exact for up to 18 decimals. */
export function hashrateHsFromEhsText(text: string): bigint {
  return scaledOrThrow(text, 18, 'hashrate EH/s');
}

/** `234.5` TH/s -> H/s, exact for up to 12 decimals. */
export function hashrateHsFromThsText(text: string): bigint {
  return scaledOrThrow(text, 12, 'hashrate TH/s');
}

/** A float TH/s estimate (backtest) -> whole H/s, rounded to the nearest H/s (6 decimals of TH/s kept). */
export function hashrateHsFromThs(hashrateThs: number): bigint {
  return hashrateHsFromThsText(hashrateThs.toFixed(6));
}

/** Pool fee percent (2.5) -> basis points (250n), rounded to the nearest basis point. */
export function poolFeeBpsFromPercent(feePercent: number): bigint {
  return BigInt(Math.round(feePercent * 100));
}

function scaledOrThrow(text: string, decimals: number, what: string): bigint {
  const value = parseScaledDecimal(text, decimals);
  if (value === undefined) throw new RangeError(`${what} "${text}" is not a non-negative decimal`);
  return value;
}

function numberText(value: number): string {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`difficulty ${value} is not positive`);
  const text = String(value);
  return text.includes('e') ? value.toFixed(DIFFICULTY_DECIMALS) : text;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`expected production: ${message}`);
}
