import type { IntervalDecision } from '../allocator/site-plan.ts';
import type { SitePlanInput } from '../allocator/site-plan-input.ts';
import { type GpuOpportunityCost, gpuOpportunityCostPerGpuHour } from '../economics/gpu-opportunity-cost.ts';

/** What energy is worth at a hub now, from the allocator's inputs and its first decision. */
export interface HubConditions {
  readonly siteId: string;
  /** Start of the interval these describe, epoch ms. */
  readonly atMs: number;
  /** What one more MWh costs (import price) or is worth unsold (export price), USD/MWh. */
  readonly powerPriceUsdPerMwh: number;
  readonly hashpriceUsdPerThDay: number;
  /** J/TH of the least efficient miner group running (the one a GPU would displace). */
  readonly marginalMinerEfficiencyJPerTh: number | undefined;
  readonly poolFeePercent: number;
  readonly pue: number;
  /** True when the site draws all it can and miners run: a GPU-hour displaces mining. */
  readonly powerConstrained: boolean;
  /** Renewable share of the energy the site uses now, 0-1. */
  readonly greenShare: number;
}

export function hubConditionsFrom(input: SitePlanInput, decision: IntervalDecision): HubConditions {
  const importing = input.importLimitMw[0]! > 0;
  const running = input.minerGroups.filter((g) => (decision.minerMw[g.id] ?? 0) > 1e-6);
  const marginal = running.reduce<number | undefined>(
    (worst, g) => Math.max(worst ?? 0, g.nameplateEfficiencyJPerTh),
    undefined,
  );
  const atImportLimit = !importing || decision.importMw >= input.importLimitMw[0]! - 1e-6;
  const supplied = decision.importMw + decision.renewableUsedMw + decision.ppaUsedMw + decision.dischargeMw;
  return {
    siteId: input.siteId,
    atMs: input.startMs,
    powerPriceUsdPerMwh: importing ? input.importPriceUsdPerMwh[0]! : input.exportPriceUsdPerMwh[0]!,
    hashpriceUsdPerThDay: input.hashpriceUsdPerThDay[0]!,
    marginalMinerEfficiencyJPerTh: marginal,
    poolFeePercent: input.poolFeePercent,
    pue: input.pue,
    powerConstrained: atImportLimit && marginal !== undefined,
    greenShare: supplied > 1e-9 ? Math.min(1, decision.renewableUsedMw / supplied) : 0,
  };
}

/** Opportunity cost of one GPU-hour of a group drawing `wattsPerGpu` at the hub now. */
export function gpuHourOpportunity(conditions: HubConditions, wattsPerGpu: number): GpuOpportunityCost {
  return gpuOpportunityCostPerGpuHour({
    wattsPerGpu,
    pue: conditions.pue,
    powerPriceUsdPerMwh: Math.max(0, conditions.powerPriceUsdPerMwh),
    hashpriceUsdPerThDay: conditions.hashpriceUsdPerThDay,
    marginalMinerEfficiencyJPerTh: conditions.marginalMinerEfficiencyJPerTh ?? 1,
    poolFeePercent: conditions.poolFeePercent,
    powerConstrained: conditions.powerConstrained,
  });
}
