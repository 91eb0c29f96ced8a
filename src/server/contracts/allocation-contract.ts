import { type Static, Type } from 'typebox';
import type { ProratedTotals } from '../../core/backtest/prorate-monthly-charges.ts';
import type { AllocationRun } from '../../core/ports/storage.ts';
import type { StepResult } from '../services/allocation-loop.ts';
import { List } from './list.ts';
import type { SameShape } from './same-shape.ts';

const RunStatus = Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]);

/** An allocation run as stored: each site's decision is the allocator's own JSON. */
export const AllocationRunContract = Type.Object({
  id: Type.String(),
  intervalStartMs: Type.Number(),
  startedAtMs: Type.Number(),
  finishedAtMs: Type.Optional(Type.Number()),
  status: RunStatus,
  runner: Type.String(),
  inputs: Type.Record(Type.String(), Type.Unknown()),
  sites: List(
    Type.Object({
      siteId: Type.String(),
      decision: Type.Record(Type.String(), Type.Unknown()),
      explanation: List(Type.String()),
      expectedCents: Type.Number(),
      error: Type.Optional(Type.String()),
    }),
  ),
  solveMs: Type.Optional(Type.Number()),
});

/** What running an interval's step did: `ran` false (with the reason) when it had run already. */
export const StepResultContract = Type.Object({
  ran: Type.Boolean(),
  runId: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  /** Outputs the tick's write phase could not write (each writer failed alone; the others wrote). */
  failedWrites: Type.Optional(
    List(
      Type.Object({
        writer: Type.Union([Type.Literal('storage'), Type.Literal('broker'), Type.Literal('compute')]),
        subject: Type.String(),
        output: Type.String(),
        error: Type.String(),
      }),
    ),
  ),
});

/** The power split of one planned interval, MW (and MWh of battery charge, TH/s of hashrate). */
export const PlannedPowerContract = Type.Object({
  miningMw: Type.Number(),
  gpuMw: Type.Number(),
  chargeMw: Type.Number(),
  dischargeMw: Type.Number(),
  exportMw: Type.Number(),
  socMwh: Type.Number(),
  /** Planned hashrate of the interval, TH/s (sum over miner groups). */
  hashrateThs: Type.Number(),
});
export type PlannedPower = Static<typeof PlannedPowerContract>;

/** One site's part of an allocation run, reduced to what the dashboard shows. */
export const SiteDecisionDigestContract = Type.Object({
  siteId: Type.String(),
  expectedCents: Type.Number(),
  explanation: List(Type.String()),
  error: Type.Optional(Type.String()),
  importMw: Type.Number(),
  ...PlannedPowerContract.properties,
});
export type SiteDecisionDigest = Static<typeof SiteDecisionDigestContract>;

export const RunDigestContract = Type.Object({
  id: Type.String(),
  intervalStartMs: Type.Number(),
  startedAtMs: Type.Number(),
  finishedAtMs: Type.Optional(Type.Number()),
  status: RunStatus,
  runner: Type.String(),
  solveMs: Type.Optional(Type.Number()),
  sites: List(SiteDecisionDigestContract),
});
export type RunDigest = Static<typeof RunDigestContract>;

/** A run digest as `/allocation/digests` lists it: totals over the sites it shows. */
export const RunDigestViewContract = Type.Object({
  ...RunDigestContract.properties,
  expectedCents: Type.Number(),
  siteCount: Type.Integer(),
  errors: Type.Integer(),
  curtailed: Type.Integer(),
});
export type RunDigestView = Static<typeof RunDigestViewContract>;

/** What one strategy earned over the compared day. */
export const StrategyTotalsContract = Type.Object({
  name: Type.String(),
  intervals: Type.Integer(),
  usdEarned: Type.Number(),
  miningUsd: Type.Number(),
  gpuUsd: Type.Number(),
  exportUsd: Type.Number(),
  energyCostUsd: Type.Number(),
  batteryCostUsd: Type.Number(),
  demandChargeUsd: Type.Number(),
  btcMined: Type.Number(),
  mwhUsed: Type.Number(),
  curtailedHours: Type.Number(),
  /** Full-equivalent battery cycles: MWh discharged / capacity. */
  batteryCycles: Type.Number(),
  batteryDischargedMwh: Type.Number(),
  /** The demand charge as the backtest booked it: the whole month's, set by the window's peak, USD. */
  demandChargeMonthUsd: Type.Number(),
  /** The window's share of its month (days in the window / days in the month). */
  monthShare: Type.Number(),
});
export type StrategyTotals = Static<typeof StrategyTotalsContract>;

export const StrategyComparisonContract = Type.Object({
  siteId: Type.String(),
  /** The UTC day compared: the last whole day before the server's clock. */
  fromMs: Type.Number(),
  toMs: Type.Number(),
  resolveEvery: Type.Integer(),
  strategies: List(StrategyTotalsContract),
  notes: List(Type.String()),
  computedInMs: Type.Number(),
});
export type StrategyComparison = Static<typeof StrategyComparisonContract>;

export const pinned: [
  SameShape<Static<typeof AllocationRunContract>, AllocationRun>,
  SameShape<StrategyTotals, { name: string } & ProratedTotals>,
  SameShape<Static<typeof StepResultContract>, StepResult>,
] = [true, true, true];
