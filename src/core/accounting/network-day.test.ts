import { describe, expect, it } from 'vitest';
import type { BtcDay } from '../market/btc-day.ts';
import { expectedDaySats, networkDaysFromBtcDays } from './network-day.ts';

const epochs = [{ height: 840_672, startDate: '2024-04-24', difficulty: 1e14 }];
const day = (date: string, feesBtc: number | null, blockCount: number | null): BtcDay => ({
  date,
  priceUsd: 60_000,
  difficulty: 1e14,
  hashrateEhs: null,
  blockCount,
  feesBtc,
  subsidyBtc: blockCount === null ? null : blockCount * 3.125,
});

describe('networkDaysFromBtcDays', () => {
  it('keeps exact fees, estimates missing ones from earlier days only, and derives the subsidy', () => {
    const days = networkDaysFromBtcDays(
      [day('2024-06-01', 2.88, 144), day('2024-06-02', 0.12345678, null), day('2024-06-03', null, null)],
      epochs,
    );
    expect(days[0]).toMatchObject({
      feesSats: 288_000_000n,
      feeBlocks: 144n,
      subsidySatsPerBlock: 312_500_000n,
    });
    expect(days[0]!.difficultyScaled).toBe(10_000_000_000_000_000_000_000n);
    expect(days[1]).toMatchObject({ feesSats: 12_345_678n, feeBlocks: 144n, feesEstimated: false });
    expect(days[2]).toMatchObject({ feesSats: 300_345_678n, feeBlocks: 288n, feesEstimated: true });
    expect(days[2]!.subsidySatsPerBlock).toBe(312_500_000n);
    // The worked example of expected-production.test.ts: 100 PH/s, 2.5 % pool fee.
    expect(expectedDaySats(days[0]!, 100_000_000_000_000_000n, 250n)).toBe(6_168_494n);
  });
});
