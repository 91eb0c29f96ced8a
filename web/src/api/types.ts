/**
 * The control plane's JSON as the dashboard reads it (times epoch ms, powers MW, hashrates TH/s):
 * the server's own response contracts, so a server change that breaks a page fails the type check.
 */

export type { Role } from '../../../src/core/ports/storage.ts';
export type {
  ActualsReport,
  Alert,
  AuditEntry,
  Curtailment,
  DeviceReading,
  FleetStatus,
  GridEvent,
  HistoryInterval,
  ManualPriceList,
  ManualPriceView as ManualPrice,
  Me,
  PlannedPower,
  RunDigestView as RunDigest,
  Setpoint,
  SiteDecisionDigest,
  SiteMinute,
  SitePlanView as SitePlan,
  SiteState,
  SiteStatus,
  StrategyComparison,
  StrategyTotals,
} from '../../../src/server/contracts/index.ts';
