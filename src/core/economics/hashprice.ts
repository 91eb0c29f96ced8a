import { BLOCKS_PER_DAY, networkHashrateHs } from './network-hashrate.ts';

export interface HashpriceInputs {
  /** BTC price, USD. */
  readonly priceUsd: number;
  readonly difficulty: number;
  /** Block subsidy, BTC per block. */
  readonly subsidyBtcPerBlock: number;
  /** Average transaction fees, BTC per block. */
  readonly feesBtcPerBlock: number;
}

export interface Hashprice {
  /** Expected BTC earned per TH/s per day. */
  readonly btcPerThDay: number;
  /** Expected USD earned per TH/s per day. */
  readonly usdPerThDay: number;
  /** Expected USD earned per PH/s per day. */
  readonly usdPerPhDay: number;
}

/**
 * Hashprice = (subsidy + fees per block) x 144 blocks x BTC price / network hashrate,
 * with network hashrate = difficulty x 2^32 / 600 (H/s). Before pool fees.
 */
export function hashprice(inputs: HashpriceInputs): Hashprice {
  if (!(inputs.difficulty > 0)) throw new RangeError(`difficulty must be > 0, got ${inputs.difficulty}`);
  const networkThs = networkHashrateHs(inputs.difficulty) / 1e12;
  const btcPerThDay = ((inputs.subsidyBtcPerBlock + inputs.feesBtcPerBlock) * BLOCKS_PER_DAY) / networkThs;
  const usdPerThDay = btcPerThDay * inputs.priceUsd;
  return { btcPerThDay, usdPerThDay, usdPerPhDay: usdPerThDay * 1000 };
}
