import { describe, expect, it } from 'vitest';
import { blockSubsidyBtc, blockSubsidySats, estimateBlockHeight } from './subsidy.ts';

describe('block subsidy', () => {
  it('halves every 210,000 blocks, exactly in satoshis', () => {
    expect(blockSubsidySats(0)).toBe(5_000_000_000n);
    expect(blockSubsidySats(209_999)).toBe(5_000_000_000n);
    expect(blockSubsidySats(630_000)).toBe(625_000_000n);
    expect(blockSubsidyBtc(839_999)).toBe(6.25);
    expect(blockSubsidyBtc(840_000)).toBe(3.125);
    expect(blockSubsidySats(64 * 210_000)).toBe(0n);
  });

  it('rejects a negative or fractional height', () => {
    expect(() => blockSubsidySats(-1)).toThrow(RangeError);
    expect(() => blockSubsidySats(1.5)).toThrow(RangeError);
  });
});

describe('block height estimate', () => {
  const epochs = [
    { height: 838_656, startDate: '2024-04-11', difficulty: 86.39e12 },
    { height: 840_672, startDate: '2024-04-24', difficulty: 88.1e12 },
  ];

  it('interpolates between epoch starts', () => {
    // 2024-04-20T12:00Z is 9.5 of 13 days into the epoch: 838656 + 2016 x 9.5/13 = 840129
    expect(estimateBlockHeight(Date.parse('2024-04-20T12:00:00Z'), epochs)).toBe(840_129);
  });

  it('extrapolates past the last epoch at 144 blocks a day', () => {
    expect(estimateBlockHeight(Date.parse('2024-04-26T00:00:00Z'), epochs)).toBe(840_672 + 288);
  });
});
