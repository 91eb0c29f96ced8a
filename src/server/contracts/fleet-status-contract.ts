import { type Static, Type } from 'typebox';
import { List, Nullable } from './list.ts';

export const ProductionBasisContract = Type.Union([
  Type.Literal('pool-credits'),
  Type.Literal('estimate'),
  Type.Literal('mixed'),
  Type.Literal('none'),
]);

export const SiteStateContract = Type.Union([
  Type.Literal('online'),
  Type.Literal('offline'),
  Type.Literal('curtailed'),
  Type.Literal('alert'),
]);
export type SiteState = Static<typeof SiteStateContract>;

/** One site on the fleet page: state, power split, hashrate, GPUs and the setpoint in force. */
export const SiteStatusContract = Type.Object({
  id: Type.String(),
  name: Type.String(),
  region: Type.String(),
  country: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  state: SiteStateContract,
  deployedThs: Type.Number(),
  /** Hashrate the allocator has the site run now (setpoint mining MW at the plan's TH/s per MW). */
  operatingThs: Type.Number(),
  /**
   * Hashrate the site's agent last reported, at full scale: a scaled twin's (see `twin`) is divided
   * by its scale.
   */
  measuredThs: Type.Number(),
  miningMw: Type.Number(),
  aiMw: Type.Number(),
  /** Positive charges, negative discharges. */
  batteryMw: Type.Number(),
  exportMw: Type.Number(),
  gpus: Type.Integer(),
  gpusBusy: Type.Integer(),
  gpusReporting: Type.Integer(),
  /** Mean utilisation of the GPUs reporting, 0-1 (null when none report). */
  gpuUtilisation: Nullable(Type.Number()),
  lastReadingMs: Nullable(Type.Number()),
  openAlerts: Type.Integer(),
  worstAlert: Nullable(Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])),
  setpoint: Nullable(
    Type.Object({
      seq: Type.Integer(),
      issuedAtMs: Type.Number(),
      curtailed: Type.Boolean(),
      ackedAtMs: Type.Optional(Type.Number()),
      ackOk: Type.Optional(Type.Boolean()),
    }),
  ),
  /** The allocator's expected earnings over its horizon for this site, cents. */
  expectedCents: Type.Number(),
});
export type SiteStatus = Static<typeof SiteStatusContract>;

export const FleetStatusContract = Type.Object({
  nowMs: Type.Number(),
  intervalMinutes: Type.Number(),
  /**
   * Set when the agents drive a scaled digital twin (`switchyard start`): each site's miners and GPU
   * nodes emulated at `scale` (0.01 = 1/100). Setpoints, plans and every figure here are at full
   * scale; the twin's measurements are divided by `scale`. Null for a real fleet.
   */
  twin: Nullable(Type.Object({ scale: Type.Number(), label: Type.String() })),
  latestRun: Nullable(
    Type.Object({
      id: Type.String(),
      intervalStartMs: Type.Number(),
      finishedAtMs: Type.Optional(Type.Number()),
      status: Type.String(),
    }),
  ),
  sites: List(SiteStatusContract),
  totals: Type.Object({
    sites: Type.Integer(),
    sitesOnline: Type.Integer(),
    deployedThs: Type.Number(),
    operatingThs: Type.Number(),
    measuredThs: Type.Number(),
    miningMw: Type.Number(),
    aiMw: Type.Number(),
    batteryChargeMw: Type.Number(),
    batteryDischargeMw: Type.Number(),
    exportMw: Type.Number(),
    gpus: Type.Integer(),
    gpusBusy: Type.Integer(),
    gpuUtilisation: Nullable(Type.Number()),
    /** Latest run's expected earnings over its horizon / horizon hours, cents per hour. */
    earningsCentsPerHour: Type.Number(),
    /** BTC mined today and this month: pool credits, and an estimate from measured hashrate for site-days not credited yet. */
    btcToday: Type.Number(),
    btcMonth: Type.Number(),
    btcMonthCredited: Type.Number(),
    btcMonthEstimated: Type.Number(),
    /** pool-credits, estimate (measured hashrate x the day's BTC per TH/s, after the pool fee), mixed, or none. */
    btcTodayBasis: ProductionBasisContract,
    btcMonthBasis: ProductionBasisContract,
  }),
});
export type FleetStatus = Static<typeof FleetStatusContract>;
