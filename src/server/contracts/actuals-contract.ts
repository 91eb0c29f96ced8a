import { type Static, Type } from 'typebox';
import { List, Nullable } from './list.ts';

/** One site-day of actuals. Every null is a labelled gap, never a zero. */
export const ActualSiteDayContract = Type.Object({
  date: Type.String(),
  /** TH/s, mean of the stored minutes; null = no telemetry (gap). */
  operatingThs: Nullable(Type.Number()),
  coverage: Type.Number(),
  uptimeShare: Nullable(Type.Number()),
  devicesReporting: Nullable(Type.Number()),
  energyWh: Nullable(Type.Number()),
  /** utility-csv, meter, device-sum (labelled fallback) or null. */
  energySource: Nullable(Type.String()),
  /** The day's energy at the contract's price, USD; null = no energy figure. */
  energyCostUsd: Nullable(Type.String()),
  /** Energy measured without a known price, Wh (shown apart, never priced at 0). */
  unpricedWh: Type.Number(),
  /** Pool credits of the day, BTC; null = none yet (gap). */
  creditedBtc: Nullable(Type.String()),
  /** FPPS on the measured hashrate and the day's network data. */
  expectedBtc: Nullable(Type.String()),
  withinTolerance: Type.Boolean(),
  cause: Nullable(Type.String()),
  curtailedHours: Type.Number(),
});

export const ActualDrEventContract = Type.Object({
  eventId: Type.String(),
  date: Type.String(),
  /** How the baseline was stated (prior days, source); null: none could be, no credit. */
  baseline: Nullable(Type.String()),
  baselineWh: Type.String(),
  /** Measured energy during the event, Wh; null = the meter did not cover it (gap). */
  measuredWh: Nullable(Type.String()),
  reducedWh: Type.String(),
  creditUsd: Type.String(),
});

export const PlannedSiteContract = Type.Object({
  siteId: Type.String(),
  /** Share of the elapsed days the allocator's stored runs decided. */
  coverage: Type.Number(),
  operatingEhs: Nullable(Type.Number()),
  /** FPPS on the planned hashrate. */
  expectedBtc: Type.String(),
  energyWh: Type.Number(),
});

/** The backtester's what-if of the month (simulated: never booked). */
export const WhatIfContract = Type.Object({
  basis: Type.Literal('what-if'),
  label: Type.String(),
  strategy: Type.String(),
  btcMined: Type.String(),
  operatingEhs: Type.Number(),
  energyWh: Type.String(),
  energyCostUsd: Type.String(),
  drCreditsUsd: Type.String(),
  costPerBtcUsd: Nullable(Type.String()),
});

export const ActualsReportContract = Type.Object({
  month: Type.String(),
  basis: Type.Literal('actuals'),
  /** What each column is: measured actuals, the allocator's plan, the backtester's what-if. */
  labels: Type.Object({ actuals: Type.String(), planned: Type.String(), whatIf: Type.String() }),
  complete: Type.Boolean(),
  closed: Type.Boolean(),
  totals: Type.Object({
    operatingEhs: Nullable(Type.Number()),
    deployedEhs: Type.Number(),
    minedBtc: Type.String(),
    energyWh: Type.Number(),
    energyCostUsd: Type.String(),
    unpricedWh: Type.String(),
    /** Metered energy cost per BTC credited, USD; null when nothing was credited. */
    costPerBtcUsd: Nullable(Type.String()),
    drCreditsUsd: Type.String(),
    leaseRevenueUsd: Type.String(),
    holdingsBtc: Type.String(),
  }),
  sites: List(
    Type.Object({
      siteId: Type.String(),
      operatingEhs: Nullable(Type.Number()),
      deployedEhs: Type.Number(),
      minedBtc: Type.String(),
      energyWh: Type.Number(),
      energyCostUsd: Type.String(),
      drCreditsUsd: Type.String(),
      curtailedDays: List(Type.String()),
      gaps: List(Type.Object({ date: Type.String(), what: Type.String() })),
      drEvents: List(ActualDrEventContract),
      days: List(ActualSiteDayContract),
    }),
  ),
  planned: Type.Object({
    basis: Type.Literal('planned'),
    operatingEhs: Nullable(Type.Number()),
    expectedBtc: Type.String(),
    energyWh: Type.Number(),
    sites: List(PlannedSiteContract),
  }),
  /** Present when asked for (`?whatIf=<strategy>`): the month's backtest. */
  whatIf: Nullable(WhatIfContract),
});
export type ActualsReport = Static<typeof ActualsReportContract>;
export type WhatIf = Static<typeof WhatIfContract>;
