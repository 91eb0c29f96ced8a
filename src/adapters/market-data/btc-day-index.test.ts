import { describe, expect, it } from 'vitest';
import type { BtcDay } from '../../core/market/index.ts';
import { BtcDayIndex } from './btc-day-index.ts';

function day(date: string): BtcDay {
  return {
    date,
    priceUsd: 1,
    difficulty: 1,
    hashrateEhs: null,
    blockCount: null,
    feesBtc: null,
    subsidyBtc: null,
  };
}

describe('BtcDayIndex', () => {
  it('sorts days and finds the UTC day containing an instant', () => {
    const index = new BtcDayIndex([day('2024-01-03'), day('2024-01-01')]);
    expect(index.days.map((d) => d.date)).toEqual(['2024-01-01', '2024-01-03']);
    expect(index.at(Date.parse('2024-01-01T23:59:59.999Z'))?.date).toBe('2024-01-01');
    expect(index.at(Date.parse('2024-01-02T12:00:00Z'))).toBeUndefined();
    expect(index.at(Date.parse('2024-01-03T00:00:00Z'))?.date).toBe('2024-01-03');
    expect(index.at(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('rejects bad and repeated dates', () => {
    expect(() => new BtcDayIndex([day('2024-1-1')])).toThrow(/not YYYY-MM-DD/);
    expect(() => new BtcDayIndex([day('2024-01-01'), day('2024-01-01')])).toThrow(/twice/);
  });
});
