import type { IntervalOutcome } from './settle-interval.ts';

/** Totals of one strategy on one site (or, added up, on the fleet). Money in USD, energy in MWh. */
export interface BacktestTotals {
  intervals: number;
  usdEarned: number;
  miningUsd: number;
  gpuUsd: number;
  exportUsd: number;
  energyCostUsd: number;
  batteryCostUsd: number;
  demandChargeUsd: number;
  btcMined: number;
  mwhUsed: number;
  curtailedHours: number;
  /** Full-equivalent battery cycles: MWh discharged / capacity. */
  batteryCycles: number;
  batteryDischargedMwh: number;
}

export function emptyTotals(): BacktestTotals {
  return {
    intervals: 0,
    usdEarned: 0,
    miningUsd: 0,
    gpuUsd: 0,
    exportUsd: 0,
    energyCostUsd: 0,
    batteryCostUsd: 0,
    demandChargeUsd: 0,
    btcMined: 0,
    mwhUsed: 0,
    curtailedHours: 0,
    batteryCycles: 0,
    batteryDischargedMwh: 0,
  };
}

export function addOutcome(
  totals: BacktestTotals,
  outcome: IntervalOutcome,
  hours: number,
  batteryMwh: number,
): void {
  totals.intervals += 1;
  totals.usdEarned += outcome.netUsd;
  totals.miningUsd += outcome.miningUsd;
  totals.gpuUsd += outcome.gpuUsd;
  totals.exportUsd += outcome.exportUsd;
  totals.energyCostUsd += outcome.energyCostUsd;
  totals.batteryCostUsd += outcome.batteryCostUsd;
  totals.demandChargeUsd += outcome.demandChargeUsd;
  totals.btcMined += outcome.btcMined;
  totals.mwhUsed += outcome.energyUsedMwh;
  totals.curtailedHours += outcome.curtailedHours;
  totals.batteryDischargedMwh += outcome.dischargeMw * hours;
  if (batteryMwh > 0) totals.batteryCycles += (outcome.dischargeMw * hours) / batteryMwh;
}

export function addTotals(into: BacktestTotals, from: BacktestTotals): void {
  for (const key of Object.keys(into) as (keyof BacktestTotals)[]) into[key] += from[key];
}
