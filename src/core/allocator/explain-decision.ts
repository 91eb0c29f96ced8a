import { miningRevenueUsdPerMwh } from '../economics/mining-revenue.ts';
import type { IntervalDecision } from './site-plan.ts';
import type { SitePlanInput } from './site-plan-input.ts';

const EPSILON_MW = 1e-3;

/**
 * Explains the first interval's decision in words an operator reads at 3 a.m.:
 * which miner groups sleep and why (power price against each group's breakeven at the hashprice),
 * what the battery does and for which hour, demand-response caps, GPU work and export.
 */
export function explainDecision(input: SitePlanInput, decisions: readonly IntervalDecision[]): string[] {
  const first = decisions[0];
  if (!first) return [];
  const lines: string[] = [];
  const hashpriceUsdPerPhDay = input.hashpriceUsdPerThDay[0]! * 1000;
  const energy = marginalEnergy(input);
  for (const group of input.minerGroups) {
    const maxMw = group.segments.reduce((sum, s) => sum + s.maxMw, 0);
    const mw = first.minerMw[group.id] ?? 0;
    const breakeven = miningRevenueUsdPerMwh({
      hashpriceUsdPerThDay: input.hashpriceUsdPerThDay[0]!,
      efficiencyJPerTh: group.nameplateEfficiencyJPerTh,
      poolFeePercent: input.poolFeePercent,
      pue: input.pue,
    });
    const versus = `${energy.label} ${usd(energy.priceUsdPerMwh)}/MWh ${energy.priceUsdPerMwh > breakeven ? 'above' : 'below'} its breakeven ${usd(breakeven)}/MWh at hashprice ${usd(hashpriceUsdPerPhDay)}/PH/day`;
    const name = `${group.model} group`;
    const profitable = energy.priceUsdPerMwh <= breakeven;
    const why = profitable && mw < maxMw - EPSILON_MW ? `; ${limitReason(input, first)}` : '';
    if (mw < EPSILON_MW) {
      lines.push(`${name} asleep: ${versus}${why}`);
    } else if (mw >= maxMw - EPSILON_MW) {
      lines.push(`${name} running at full power (${mw.toFixed(1)} MW): ${versus}`);
    } else {
      const target = first.minerPowerTargetW[group.id];
      const how = target !== undefined ? ` at a ${Math.round(target)} W power target` : '';
      lines.push(`${name} at ${mw.toFixed(1)} of ${maxMw.toFixed(1)} MW${how}: ${versus}${why}`);
    }
  }
  const event = input.demandResponse[0];
  if (event) lines.push(`demand-response event ${event} caps grid import at ${input.importLimitMw[0]} MW`);
  if (input.battery) lines.push(explainBattery(input, decisions));
  for (const [groupId, gpus] of Object.entries(first.interruptibleGpus)) {
    if (gpus > 0.5) lines.push(`${Math.round(gpus)} interruptible GPUs of ${groupId} leased`);
  }
  for (const job of input.batchJobs) {
    const gpus = first.batchGpus[job.id] ?? 0;
    if (gpus > 0.5) lines.push(`batch job ${job.id} running on ${Math.round(gpus)} GPUs`);
    else lines.push(`batch job ${job.id} waiting for cheaper hours`);
  }
  if (first.exportMw > EPSILON_MW) {
    lines.push(`exporting ${first.exportMw.toFixed(1)} MW at ${usd(input.exportPriceUsdPerMwh[0]!)}/MWh`);
  }
  if (first.renewableCurtailedMw > EPSILON_MW) {
    lines.push(`${first.renewableCurtailedMw.toFixed(1)} MW of on-site renewables curtailed`);
  }
  return lines;
}

/** Why a group that would pay does not run fully: the constraint that binds first. */
function limitReason(input: SitePlanInput, first: IntervalDecision): string {
  const limit = input.importLimitMw[0]!;
  if (first.importMw >= limit - EPSILON_MW) {
    const event = input.demandResponse[0];
    return `grid import at its ${limit.toFixed(1)} MW limit${event ? ` (demand-response event ${event})` : ''}`;
  }
  if (input.demandChargeUsdPerMw && first.importMw >= (input.monthPeakImportMw ?? 0) - EPSILON_MW) {
    return `grid import held at ${first.importMw.toFixed(1)} MW: a higher monthly peak costs ${usd(input.demandChargeUsdPerMw)}/MW of demand charge over this horizon`;
  }
  if (input.rampMwPerInterval !== undefined)
    return `ramping at most ${input.rampMwPerInterval} MW per interval`;
  if (first.chargeMw > EPSILON_MW || first.exportMw > EPSILON_MW)
    return 'the energy is worth more stored or exported';
  return 'more efficient groups use the power first';
}

function marginalEnergy(input: SitePlanInput): { label: string; priceUsdPerMwh: number } {
  if (input.importLimitMw[0]! > 0) return { label: 'power', priceUsdPerMwh: input.importPriceUsdPerMwh[0]! };
  if (input.exportLimitMw > 0)
    return { label: 'export value', priceUsdPerMwh: input.exportPriceUsdPerMwh[0]! };
  return { label: 'own power at', priceUsdPerMwh: 0 };
}

function explainBattery(input: SitePlanInput, decisions: readonly IntervalDecision[]): string {
  const first = decisions[0]!;
  const battery = input.battery!;
  const socPercent = Math.round((first.socMwh / battery.capacityMwh) * 100);
  if (first.chargeMw > EPSILON_MW) {
    const peak = findPeak(decisions, (d) => d.dischargeMw);
    const when =
      peak === undefined ? 'later' : `the ${localTime(decisions[peak]!.startMs, input.timeZone)} peak`;
    return `battery charging ${first.chargeMw.toFixed(1)} MW for ${when} (${socPercent}% full)`;
  }
  if (first.dischargeMw > EPSILON_MW) {
    const refill = findPeak(decisions, (d) => d.chargeMw);
    const refillText =
      refill === undefined
        ? ''
        : `; refilled around ${localTime(decisions[refill]!.startMs, input.timeZone)} at ${usd(input.importPriceUsdPerMwh[refill]!)}/MWh`;
    return `battery discharging ${first.dischargeMw.toFixed(1)} MW: power ${usd(input.importPriceUsdPerMwh[0]!)}/MWh now${refillText} (${socPercent}% full)`;
  }
  return `battery idle at ${socPercent}% charge`;
}

function findPeak(
  decisions: readonly IntervalDecision[],
  value: (d: IntervalDecision) => number,
): number | undefined {
  let best: number | undefined;
  for (let t = 1; t < decisions.length; t++) {
    if (
      value(decisions[t]!) > EPSILON_MW &&
      (best === undefined || value(decisions[t]!) > value(decisions[best]!))
    )
      best = t;
  }
  return best;
}

function localTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

function usd(value: number): string {
  const rounded = Math.round(value);
  return rounded < 0 ? `-$${-rounded}` : `$${rounded}`;
}
