import { describe, expect, it } from 'vitest';
import { emptyTotals } from './backtest-summary.ts';
import { prorateMonthlyCharges } from './prorate-monthly-charges.ts';

const day = (iso: string) => Date.parse(iso);

describe('prorateMonthlyCharges', () => {
  it("books one day of a 31-day month's demand charge on a one-day comparison", () => {
    // A day whose revenue exceeds its energy cost, but the month's peak charge booked on it.
    const totals = { ...emptyTotals(), usdEarned: -220_604, demandChargeUsd: 310_000, miningUsd: 150_000 };
    const prorated = prorateMonthlyCharges(totals, day('2023-08-09T00:00:00Z'), day('2023-08-10T00:00:00Z'));
    expect(prorated.monthShare).toBeCloseTo(1 / 31, 12);
    expect(prorated.demandChargeUsd).toBeCloseTo(10_000, 6);
    expect(prorated.demandChargeMonthUsd).toBe(310_000);
    expect(prorated.usdEarned).toBeCloseTo(-220_604 + 300_000, 6);
    expect(prorated.miningUsd).toBe(150_000);
  });

  it('uses the length of the window month (February of a leap year: 29 days)', () => {
    const prorated = prorateMonthlyCharges(
      { ...emptyTotals(), demandChargeUsd: 2_900 },
      day('2024-02-10T00:00:00Z'),
      day('2024-02-11T00:00:00Z'),
    );
    expect(prorated.demandChargeUsd).toBeCloseTo(100, 9);
  });

  it('changes nothing without a demand charge', () => {
    const totals = { ...emptyTotals(), usdEarned: 1_234 };
    expect(prorateMonthlyCharges(totals, 0, 86_400_000).usdEarned).toBe(1_234);
  });
});
