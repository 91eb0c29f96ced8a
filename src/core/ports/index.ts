export type {
  EnergyInterval,
  EnergySource,
  MeterMinute,
  PoolCreditOutcome,
  PoolCreditRepository,
  SiteEnergyRepository,
} from './actuals-repository.ts';
export type { Clock } from './clock.ts';
export type { GpuNodeAccess, GpuNodeReading, GpuWorkload } from './gpu-node-access.ts';
export type { LpSolution, LpSolveOptions, LpSolver, LpStatus } from './lp-solver.ts';
export type { MarketData } from './market-data.ts';
export type * from './market-feed.ts';
export type * from './market-history.ts';
export type { PoolEarnings, PoolEarningsQuery, PoolEarningsReport } from './pool-earnings.ts';
export type { SiteMeter, SiteMeterReading } from './site-meter.ts';
export type * from './storage.ts';
