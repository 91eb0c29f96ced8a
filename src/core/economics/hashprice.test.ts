import { describe, expect, it } from 'vitest';
import { hashprice } from './hashprice.ts';
import { networkHashrateEhs, networkHashrateHs } from './network-hashrate.ts';

// Worked examples: inputs are the shipped btc_daily.csv rows of each day; expected values were
// computed by hand as (subsidy + fees per block) x 144 x price / (D x 2^32 / 600 / 1e12).
describe('hashprice', () => {
  it('2023-03-01: 170 blocks, 25.83815714 BTC fees, 6.25 BTC subsidy', () => {
    // network = 43053844193928 x 2^32 / 600 = 3.08191e20 H/s = 308.19 EH/s
    // fees/block = 25.83815714 / 170 = 0.1519892; (6.25 + 0.1519892) x 144 x 23642.8 / 3.08191421e8 TH/s
    const value = hashprice({
      priceUsd: 23642.8,
      difficulty: 43053844193928,
      subsidyBtcPerBlock: 6.25,
      feesBtcPerBlock: 25.83815714 / 170,
    });
    expect(value.usdPerThDay).toBeCloseTo(0.07072, 5);
    expect(value.usdPerPhDay).toBeCloseTo(70.72, 2);
  });

  it('2024-01-01: no block count, so fees per block = 219.89481659 / 144', () => {
    const value = hashprice({
      priceUsd: 44197.61,
      difficulty: 72006146478567.1,
      subsidyBtcPerBlock: 6.25,
      feesBtcPerBlock: 219.89481659 / 144,
    });
    expect(value.usdPerPhDay).toBeCloseTo(96.03, 2);
  });

  it('2025-10-01: after the halving, 3.125 BTC subsidy, 151 blocks', () => {
    const value = hashprice({
      priceUsd: 118666.73,
      difficulty: 142342602928676,
      subsidyBtcPerBlock: 3.125,
      feesBtcPerBlock: 3.63458238 / 151,
    });
    expect(value.usdPerPhDay).toBeCloseTo(52.81, 2);
    expect(value.btcPerThDay * 1e8).toBeCloseTo(44.5, 1);
  });

  it('rejects a non-positive difficulty', () => {
    expect(() =>
      hashprice({ priceUsd: 1, difficulty: 0, subsidyBtcPerBlock: 1, feesBtcPerBlock: 0 }),
    ).toThrow(/difficulty/);
  });
});

describe('network hashrate from difficulty', () => {
  it('is D x 2^32 / 600', () => {
    expect(networkHashrateHs(600)).toBe(2 ** 32);
    // Halving-day difficulty 86.39 T -> 618.39 EH/s
    expect(networkHashrateEhs(86388558925171.3)).toBeCloseTo(618.39, 2);
  });
});
