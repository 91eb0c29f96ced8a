import { type Static, Type } from 'typebox';
import { PlannedPowerContract } from './allocation-contract.ts';
import { List } from './list.ts';

export const HistoryIntervalContract = Type.Object({
  startMs: Type.Number(),
  /** Import price paid, USD/MWh (market price plus adder, or the tariff); null where the data has none. */
  priceUsdPerMwh: Type.Union([Type.Number(), Type.Null()]),
  hashpriceUsdPerPhDay: Type.Union([Type.Number(), Type.Null()]),
  /** The allocator's decision for the interval (from the run that decided it), when there was one. */
  planned: Type.Union([PlannedPowerContract, Type.Null()]),
});
export type HistoryInterval = Static<typeof HistoryIntervalContract>;

export const SiteHistoryContract = Type.Object({
  nowMs: Type.Number(),
  intervals: List(HistoryIntervalContract),
});
export type SiteHistory = Static<typeof SiteHistoryContract>;

export const PlannedIntervalContract = Type.Object({
  startMs: Type.Number(),
  importMw: Type.Number(),
  ...PlannedPowerContract.properties,
});
export type PlannedInterval = Static<typeof PlannedIntervalContract>;

export const SitePlanContract = Type.Object({
  siteId: Type.String(),
  atMs: Type.Number(),
  plannedValueUsd: Type.Number(),
  explanation: List(Type.String()),
  curtailedBy: Type.Optional(Type.String()),
  intervals: List(PlannedIntervalContract),
});
export type SitePlanView = Static<typeof SitePlanContract>;
