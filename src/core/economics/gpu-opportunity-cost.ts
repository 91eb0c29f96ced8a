import { miningRevenueUsdPerMwh } from './mining-revenue.ts';

export interface GpuOpportunityCost {
  /** Facility energy one GPU-hour uses (GPU watts x PUE), MWh. */
  readonly energyMwhPerGpuHour: number;
  /** What that energy costs at the site's price, USD. */
  readonly energyCostUsd: number;
  /** Mining revenue the same energy would have earned in the marginal miner group, USD. */
  readonly miningRevenueForgoneUsd: number;
  /** Mining margin forgone (revenue - energy cost, never below 0), USD. */
  readonly miningMarginForgoneUsd: number;
  /** Energy cost + mining margin forgone: the floor under an interruptible GPU-hour price, USD. */
  readonly opportunityCostUsd: number;
}

/**
 * Opportunity cost of one GPU-hour at a site and time. When the site's power is constrained (every
 * MW used), a GPU-hour displaces the marginal miner, so its profit is forgone too; otherwise only
 * the energy is bought.
 */
export function gpuOpportunityCostPerGpuHour(args: {
  readonly wattsPerGpu: number;
  readonly pue: number;
  /** Site energy price now, USD/MWh. */
  readonly powerPriceUsdPerMwh: number;
  readonly hashpriceUsdPerThDay: number;
  /** J/TH of the marginal (least efficient running) miner group. */
  readonly marginalMinerEfficiencyJPerTh: number;
  readonly poolFeePercent: number;
  /** True when the site's power is all used, so a GPU-hour displaces mining. */
  readonly powerConstrained: boolean;
}): GpuOpportunityCost {
  const energyMwhPerGpuHour = (args.wattsPerGpu * args.pue) / 1e6;
  const energyCostUsd = energyMwhPerGpuHour * args.powerPriceUsdPerMwh;
  const revenuePerMwh = miningRevenueUsdPerMwh({
    hashpriceUsdPerThDay: args.hashpriceUsdPerThDay,
    efficiencyJPerTh: args.marginalMinerEfficiencyJPerTh,
    poolFeePercent: args.poolFeePercent,
    pue: args.pue,
  });
  const miningRevenueForgoneUsd = args.powerConstrained ? energyMwhPerGpuHour * revenuePerMwh : 0;
  const miningMarginForgoneUsd = Math.max(
    0,
    miningRevenueForgoneUsd - (args.powerConstrained ? energyCostUsd : 0),
  );
  return {
    energyMwhPerGpuHour,
    energyCostUsd,
    miningRevenueForgoneUsd,
    miningMarginForgoneUsd,
    opportunityCostUsd: energyCostUsd + miningMarginForgoneUsd,
  };
}
