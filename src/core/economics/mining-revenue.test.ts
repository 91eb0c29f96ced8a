import { describe, expect, it } from 'vitest';
import { gpuOpportunityCostPerGpuHour } from './gpu-opportunity-cost.ts';
import { operatingPointAt } from './miner-efficiency.ts';
import { breakevenPowerPriceUsdPerMwh, miningRevenueUsdPerMwh } from './mining-revenue.ts';

describe('mining revenue and breakeven', () => {
  it('S19j Pro (29.5 J/TH) at $50/PH/day, no fee, PUE 1: 0.05 / 24 x 10^6 / 29.5 = $70.62/MWh', () => {
    expect(
      miningRevenueUsdPerMwh({
        hashpriceUsdPerThDay: 0.05,
        efficiencyJPerTh: 29.5,
        poolFeePercent: 0,
        pue: 1,
      }),
    ).toBeCloseTo(70.62, 2);
  });

  it('breakeven of an S19j Pro at $50/PH/day with a 2% pool fee and PUE 1.05 is $65.91/MWh', () => {
    // 70.6215 x 0.98 / 1.05 = 65.913
    expect(
      breakevenPowerPriceUsdPerMwh({
        hashpriceUsdPerThDay: 0.05,
        efficiencyJPerTh: 29.5,
        poolFeePercent: 2,
        pue: 1.05,
      }),
    ).toBeCloseTo(65.91, 2);
  });

  it('a more efficient machine breaks even at a higher power price', () => {
    const args = { hashpriceUsdPerThDay: 0.05, poolFeePercent: 2, pue: 1.05 };
    expect(breakevenPowerPriceUsdPerMwh({ ...args, efficiencyJPerTh: 17.5 })).toBeGreaterThan(
      breakevenPowerPriceUsdPerMwh({ ...args, efficiencyJPerTh: 29.5 }),
    );
  });
});

describe('underclocking', () => {
  it('lowers J/TH as the power target falls, and matches nameplate at nameplate power', () => {
    const spec = { hashrateThs: 200, powerW: 3500, underclockEfficiencyExponent: 0.3 };
    expect(operatingPointAt(spec, 3500).hashrateThs).toBeCloseTo(200, 9);
    const low = operatingPointAt(spec, 2800);
    // hashrate = 200 x 0.8^0.7 = 171.08 TH/s; J/TH = 2800 / 171.08 = 16.37 < 17.5
    expect(low.hashrateThs).toBeCloseTo(171.08, 2);
    expect(low.efficiencyJPerTh).toBeLessThan(17.5);
  });
});

describe('GPU opportunity cost', () => {
  const base = {
    wattsPerGpu: 700,
    pue: 1.1,
    powerPriceUsdPerMwh: 40,
    hashpriceUsdPerThDay: 0.05,
    marginalMinerEfficiencyJPerTh: 20,
    poolFeePercent: 0,
  };

  it('is only the energy when power is not constrained', () => {
    const cost = gpuOpportunityCostPerGpuHour({ ...base, powerConstrained: false });
    // 700 W x 1.1 = 0.00077 MWh x $40 = $0.0308
    expect(cost.energyMwhPerGpuHour).toBeCloseTo(0.00077, 8);
    expect(cost.opportunityCostUsd).toBeCloseTo(0.0308, 6);
    expect(cost.miningMarginForgoneUsd).toBe(0);
  });

  it('adds the mining margin forgone when the GPU displaces miners', () => {
    const cost = gpuOpportunityCostPerGpuHour({ ...base, powerConstrained: true });
    // revenue per facility MWh = 0.05/24 x 10^6/20 / 1.1 = $94.70; x 0.00077 = $0.07292
    expect(cost.miningRevenueForgoneUsd).toBeCloseTo(0.07292, 5);
    expect(cost.opportunityCostUsd).toBeCloseTo(0.07292, 5);
  });
});
