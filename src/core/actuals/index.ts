export {
  type ActualAmount,
  actualPosting,
  type BookingState,
  baseKeyOf,
  meteredEnergyPosting,
  performedDrPosting,
  poolCreditPostings,
} from './actual-postings.ts';
export {
  type ActualDrEvent,
  type ActualSiteDay,
  type ActualsGap,
  type ActualsSiteMonth,
  actualsComplete,
  actualsSiteMonth,
} from './actuals-month.ts';
export { dayEnergyIntervals, type PricedInterval } from './day-energy-intervals.ts';
export { type DrBaseline, drBaseline, type PowerReading } from './dr-baseline.ts';
export {
  checkEarnings,
  type EarningsCause,
  type EarningsCheck,
  type EarningsCheckInput,
} from './earnings-check.ts';
export {
  EARNINGS_ALERT_CAUSES,
  EARNINGS_WATCH_KINDS,
  type EarningsFinding,
  earningsFindings,
  GAP_ALERT_KINDS,
} from './earnings-findings.ts';
export { fixedTariffMicroUsdPerMwh, type MeteredEnergyCost, meteredEnergyCost } from './energy-cost.ts';
export { type PerformedDrCredit, type PerformedDrEvent, performedDrCredit } from './performed-dr-credit.ts';
export { type PlannedInterval, type PlannedSiteMonth, plannedSiteMonth } from './planned-month.ts';
export { type SiteDayEnergy, type SiteDayEnergyInput, siteDayEnergy } from './site-day-energy.ts';
export { MINUTES_PER_DAY, type SiteDayHashrate, siteDayHashrate } from './site-day-hashrate.ts';
