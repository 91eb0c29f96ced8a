/** The control plane's JSON as the dashboard reads it (times epoch ms, powers MW, hashrates TH/s). */

export type {
  Alert,
  Curtailment,
  DeviceReading,
  GridEvent,
  Role,
  SetpointRecord as Setpoint,
} from '../../../src/core/ports/storage.ts';

import type { Role } from '../../../src/core/ports/storage.ts';

export interface Me {
  readonly keyId: string;
  readonly role: Role;
  readonly siteId?: string;
  readonly tenantId?: string;
  /** The server's clock (a replay runs faster than the wall clock). */
  readonly nowMs: number;
}

export type SiteState = 'online' | 'offline' | 'curtailed' | 'alert';

export interface SiteStatus {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  readonly state: SiteState;
  readonly deployedThs: number;
  readonly operatingThs: number;
  readonly measuredThs: number;
  readonly miningMw: number;
  readonly aiMw: number;
  readonly batteryMw: number;
  readonly exportMw: number;
  readonly gpus: number;
  readonly gpusBusy: number;
  readonly gpusReporting: number;
  readonly gpuUtilisation: number | null;
  readonly lastReadingMs: number | null;
  readonly openAlerts: number;
  readonly worstAlert: 'info' | 'warning' | 'critical' | null;
  readonly setpoint: {
    seq: number;
    issuedAtMs: number;
    curtailed: boolean;
    ackedAtMs?: number;
    ackOk?: boolean;
  } | null;
  readonly expectedCents: number;
}

export interface FleetStatus {
  readonly nowMs: number;
  readonly intervalMinutes: number;
  readonly latestRun: { id: string; intervalStartMs: number; finishedAtMs?: number; status: string } | null;
  readonly sites: readonly SiteStatus[];
  readonly totals: {
    readonly sites: number;
    readonly sitesOnline: number;
    readonly deployedThs: number;
    readonly operatingThs: number;
    readonly measuredThs: number;
    readonly miningMw: number;
    readonly aiMw: number;
    readonly batteryChargeMw: number;
    readonly batteryDischargeMw: number;
    readonly exportMw: number;
    readonly gpus: number;
    readonly gpusBusy: number;
    readonly gpuUtilisation: number | null;
    readonly earningsCentsPerHour: number;
    readonly btcToday: number;
    readonly btcMonth: number;
  };
}

export interface SiteMinute {
  readonly minuteMs: number;
  readonly hashrateThs: number;
  readonly miningPowerW: number;
  readonly aiPowerW: number;
  readonly maxTempC: number | null;
  readonly devicesUp: number;
  readonly devicesDown: number;
}

export interface PlannedPower {
  readonly miningMw: number;
  readonly gpuMw: number;
  readonly chargeMw: number;
  readonly dischargeMw: number;
  readonly exportMw: number;
  readonly socMwh: number;
  readonly hashrateThs: number;
}

export interface HistoryInterval {
  readonly startMs: number;
  readonly priceUsdPerMwh: number | null;
  readonly hashpriceUsdPerPhDay: number | null;
  readonly planned: PlannedPower | null;
}

export interface SitePlan {
  readonly siteId: string;
  readonly atMs: number;
  readonly plannedValueUsd: number;
  readonly explanation: readonly string[];
  readonly curtailedBy?: string;
  readonly intervals: ReadonlyArray<PlannedPower & { startMs: number; importMw: number }>;
}

export interface SiteDecisionDigest extends PlannedPower {
  readonly siteId: string;
  readonly expectedCents: number;
  readonly explanation: readonly string[];
  readonly error?: string;
  readonly importMw: number;
}

export interface RunDigest {
  readonly id: string;
  readonly intervalStartMs: number;
  readonly startedAtMs: number;
  readonly finishedAtMs?: number;
  readonly status: 'running' | 'completed' | 'failed';
  readonly runner: string;
  readonly solveMs?: number;
  readonly expectedCents: number;
  readonly siteCount: number;
  readonly errors: number;
  readonly curtailed: number;
  readonly sites: readonly SiteDecisionDigest[];
}

export interface StrategyTotals {
  readonly name: string;
  readonly intervals: number;
  readonly usdEarned: number;
  readonly miningUsd: number;
  readonly gpuUsd: number;
  readonly exportUsd: number;
  readonly energyCostUsd: number;
  /** The monthly demand charge prorated to the day, USD (in usdEarned). */
  readonly demandChargeUsd: number;
  /** The whole month's demand charge as the day's peak sets it, USD (shown apart, not in usdEarned). */
  readonly demandChargeMonthUsd: number;
  readonly btcMined: number;
  readonly mwhUsed: number;
  readonly curtailedHours: number;
}

export interface StrategyComparison {
  readonly siteId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly resolveEvery: number;
  readonly strategies: readonly StrategyTotals[];
  readonly notes: readonly string[];
}
