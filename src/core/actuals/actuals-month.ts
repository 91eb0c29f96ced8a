import type { EarningsCheck } from './earnings-check.ts';
import type { MeteredEnergyCost } from './energy-cost.ts';
import type { PerformedDrCredit } from './performed-dr-credit.ts';
import type { SiteDayEnergy } from './site-day-energy.ts';
import type { SiteDayHashrate } from './site-day-hashrate.ts';

/** One site-day of actuals, as the month report lists it. */
export interface ActualSiteDay {
  readonly hashrate: SiteDayHashrate;
  readonly energy: SiteDayEnergy;
  /** Sum of the day's pool credits, sats; null when none arrived (a gap). */
  readonly creditedSats: bigint | null;
  /** Hours of the day a curtailment or DR event held mining off (from the setpoints issued). */
  readonly curtailedHours: number;
  readonly check: EarningsCheck;
  /** The day's energy priced by the contract; null when the day has no energy figure. */
  readonly energyCost: MeteredEnergyCost | null;
}

/** A demand-response event the site performed, with the baseline it was measured against. */
export interface ActualDrEvent extends PerformedDrCredit {
  /** The event's first UTC day. */
  readonly date: string;
  /** How the baseline was found (prior days, source); null when none could be stated. */
  readonly baseline: string | null;
}

/** A labelled hole in the actuals: the report shows it, it never counts as 0. */
export interface ActualsGap {
  readonly siteId: string;
  readonly date: string;
  readonly what:
    | 'no-telemetry'
    | 'no-pool-credit'
    | 'no-energy'
    | 'energy-from-device-sum'
    | 'energy-unpriced'
    | 'dr-not-measured';
}

export interface ActualsSiteMonth {
  readonly siteId: string;
  /** Average operating hashrate over every stored minute of the month, EH/s; null without telemetry. */
  readonly operatingEhs: number | null;
  /** Deployed (nameplate) hashrate, EH/s. */
  readonly deployedEhs: number;
  /** BTC the pools credited for the month's days, sats (the days with a credit). */
  readonly minedSats: bigint;
  /** Energy over the days measured, Wh; days without a figure are gaps, not 0. */
  readonly energyWh: number;
  /** Metered energy x the contract's price, micro-USD (priced energy only). */
  readonly energyCostMicroUsd: bigint;
  /** Energy measured but with no price (a market hour without data), Wh: shown, never priced at 0. */
  readonly unpricedWh: bigint;
  /** Demand-response events performed in the month and their measured credits. */
  readonly drEvents: readonly ActualDrEvent[];
  readonly drCreditMicroUsd: bigint;
  readonly curtailedDays: readonly string[];
  readonly days: readonly ActualSiteDay[];
  readonly gaps: readonly ActualsGap[];
}

/** Rolls a site's days up to its month: sums of what was measured, and every gap named. */
export function actualsSiteMonth(
  siteId: string,
  deployedEhs: number,
  days: readonly ActualSiteDay[],
  drEvents: readonly ActualDrEvent[] = [],
): ActualsSiteMonth {
  let thsMinutes = 0;
  let minutes = 0;
  let minedSats = 0n;
  let energyWh = 0;
  let energyCostMicroUsd = 0n;
  let unpricedWh = 0n;
  const gaps: ActualsGap[] = [];
  const curtailedDays: string[] = [];
  for (const day of days) {
    const date = day.hashrate.date;
    if (day.hashrate.averageThs === null) gaps.push({ siteId, date, what: 'no-telemetry' });
    else {
      thsMinutes += day.hashrate.averageThs * day.hashrate.minutesReported;
      minutes += day.hashrate.minutesReported;
    }
    if (day.creditedSats === null) gaps.push({ siteId, date, what: 'no-pool-credit' });
    else minedSats += day.creditedSats;
    if (day.energy.energyWh === null) gaps.push({ siteId, date, what: 'no-energy' });
    else {
      energyWh += day.energy.energyWh;
      if (day.energy.source === 'device-sum') gaps.push({ siteId, date, what: 'energy-from-device-sum' });
    }
    if (day.energyCost) {
      energyCostMicroUsd += day.energyCost.costMicroUsd;
      unpricedWh += day.energyCost.unpricedWh;
      if (day.energyCost.unpricedWh > 0n) gaps.push({ siteId, date, what: 'energy-unpriced' });
    }
    if (day.curtailedHours > 0) curtailedDays.push(date);
  }
  for (const event of drEvents)
    if (event.measuredWh === null) gaps.push({ siteId, date: event.date, what: 'dr-not-measured' });
  return {
    siteId,
    operatingEhs: minutes > 0 ? thsMinutes / minutes / 1e6 : null,
    deployedEhs,
    minedSats,
    energyWh,
    energyCostMicroUsd,
    unpricedWh,
    drEvents,
    drCreditMicroUsd: drEvents.reduce((sum, e) => sum + e.creditMicroUsd, 0n),
    curtailedDays,
    days,
    gaps,
  };
}

/** Gaps that label a figure (a fallback source, energy without a price, an unmeasured DR event) rather than a missing one. */
const LABELS_ONLY: ReadonlySet<ActualsGap['what']> = new Set([
  'energy-from-device-sum',
  'energy-unpriced',
  // An event the meter did not cover stays uncredited for good: named, but it does not hold the close.
  'dr-not-measured',
]);

/** A month is complete (can be closed) when it has ended and no site-day lacks telemetry, a credit or energy. */
export function actualsComplete(sites: readonly ActualsSiteMonth[], monthEnded: boolean): boolean {
  return monthEnded && sites.every((s) => s.gaps.every((g) => LABELS_ONLY.has(g.what)));
}
