import { describe, expect, it } from 'vitest';
import {
  difficultyFromNumber,
  difficultyFromText,
  expectedProductionSats,
  hashrateHsFromEhsText,
  hashrateHsFromThs,
  poolFeeBpsFromPercent,
} from './expected-production.ts';

describe('expectedProductionSats (FPPS, floor to whole sats)', () => {
  /*
   * Worked example, by hand:
   *   hashrate       100 PH/s = 1e17 H/s
   *   difficulty     1e14       -> network = 1e14 x 2^32 / 600 = 7.158278826666...e20 H/s (715.8 EH/s)
   *   subsidy        312,500,000 sats per block (3.125 BTC)
   *   fees           288,000,000 sats over 144 blocks = 2,000,000 sats per block
   *   pool fee       2.5 % = 250 bps
   *
   *   payout = H x 86400 x (subsidy + fees/block) x (10000 - 250) / (D x 2^32 x 10000)
   *          = 1e17 x 86400 x 314,500,000 x 9750 / (1e14 x 4,294,967,296 x 10000)
   *          = 1000 x 86400 x 314,500,000 x 0.975 / 4,294,967,296
   *          = 26,493,480,000,000,000 / 4,294,967,296
   *          = 6,168,494.00103...   -> floor -> 6,168,494 sats = 0.06168494 BTC
   *   (check: share 1e17 / 7.1583e20 = 1.39698e-4; x 144 blocks x 3.145 BTC x 0.975 = 0.0616849 BTC)
   */
  it('matches the hand calculation to the satoshi', () => {
    const sats = expectedProductionSats({
      hashrateHs: 100_000_000_000_000_000n,
      difficultyScaled: difficultyFromText('100000000000000'),
      subsidySatsPerBlock: 312_500_000n,
      feesSats: 288_000_000n,
      feeBlocks: 144n,
      poolFeeBps: 250n,
    });
    expect(sats).toBe(6_168_494n);
  });

  it('floors once: the fractional satoshi is dropped, not carried', () => {
    // Same as above without pool fee: 1000 x 86400 x 314,500,000 / 2^32 = 6,326,660.51388... -> 6,326,660
    const sats = expectedProductionSats({
      hashrateHs: 100_000_000_000_000_000n,
      difficultyScaled: difficultyFromText('100000000000000'),
      subsidySatsPerBlock: 312_500_000n,
      feesSats: 2_000_000n,
      feeBlocks: 1n,
      poolFeeBps: 0n,
    });
    expect(sats).toBe(6_326_660n);
  });

  it('keeps the fee average as a fraction (no early rounding of fees per block)', () => {
    // 1 sat of fees over 3 blocks must not vanish before the final floor: 3 days of 10x the network.
    const base = {
      hashrateHs: 0n,
      difficultyScaled: difficultyFromText('1'),
      subsidySatsPerBlock: 0n,
      feesSats: 1n,
      feeBlocks: 3n,
      poolFeeBps: 0n,
    };
    // network at D=1 is 2^32/600 H/s; hashrate 2^32 H/s = 600x the network -> 600 x 144 = 86,400 blocks/day
    // x 1/3 sat per block = 28,800 sats
    expect(expectedProductionSats({ ...base, hashrateHs: 2n ** 32n })).toBe(28_800n);
  });

  it('scales with period length and rejects bad inputs', () => {
    const input = {
      hashrateHs: hashrateHsFromEhsText('1'),
      difficultyScaled: difficultyFromNumber(1e14),
      subsidySatsPerBlock: 312_500_000n,
      feesSats: 0n,
      feeBlocks: 1n,
      poolFeeBps: 0n,
    };
    const day = expectedProductionSats(input);
    const hour = expectedProductionSats({ ...input, seconds: 3600n });
    expect(hour).toBe((day * 3600n) / 86_400n);
    expect(() => expectedProductionSats({ ...input, difficultyScaled: 0n })).toThrow(/difficulty/);
    expect(() => expectedProductionSats({ ...input, poolFeeBps: 10_001n })).toThrow(/pool fee/);
  });

  it('converts the unit helpers exactly', () => {
    expect(difficultyFromText('86388558925171.3')).toBe(8_638_855_892_517_130_000_000n);
    expect(hashrateHsFromEhsText('30.3')).toBe(30_300_000_000_000_000_000n);
    expect(hashrateHsFromThs(234.5)).toBe(234_500_000_000_000n);
    expect(poolFeeBpsFromPercent(2.5)).toBe(250n);
    expect(() => difficultyFromText('1e14')).toThrow(/difficulty/);
  });
});
