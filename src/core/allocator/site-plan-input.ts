import type { GridProductsInput } from './grid-products-input.ts';

/**
 * Everything the allocator needs to plan one site over a horizon: a frozen snapshot of the site's
 * capabilities and the forecasts for each interval, all prices already in USD. Built by the
 * backtester or the live loop; the allocator itself never looks anything up.
 */
export interface MinerSegment {
  /** IT power this segment adds when fully used, MW. */
  readonly maxMw: number;
  /** Hashrate per MW of this segment, TH/s per MW. */
  readonly thsPerMw: number;
  /** Power target per machine at the top of this segment, W (undefined: nameplate, no targets). */
  readonly powerTargetW?: number;
}

export interface MinerGroupCapability {
  readonly id: string;
  readonly model: string;
  readonly count: number;
  /** Segments in order of falling TH/s per MW: the first is the most efficient way to run the group. */
  readonly segments: readonly MinerSegment[];
  /** Nameplate efficiency, J/TH. */
  readonly nameplateEfficiencyJPerTh: number;
}

export interface GpuGroupCapability {
  readonly id: string;
  readonly model: string;
  readonly count: number;
  readonly wattsPerGpu: number;
  readonly idleWattsPerGpu: number;
  /** GPUs under committed leases in each interval: load that must be served. */
  readonly committedGpus: readonly number[];
  /** GPUs interruptible tenants would use in each interval, and what they pay per GPU-hour. */
  readonly interruptibleGpus: readonly number[];
  readonly interruptibleUsdPerGpuHour: number;
}

export interface BatchJob {
  readonly id: string;
  readonly gpuGroupId: string;
  /** GPU-hours still to run. */
  readonly gpuHours: number;
  /** The job must be done by the end of this interval index (exclusive end of the window). */
  readonly deadlineInterval: number;
  readonly maxGpus: number;
  readonly usdPerGpuHour: number;
}

export interface BatteryState {
  readonly capacityMwh: number;
  readonly chargeMw: number;
  readonly dischargeMw: number;
  /** One-way efficiencies (their product is the round trip). */
  readonly chargeEfficiency: number;
  readonly dischargeEfficiency: number;
  readonly socMinMwh: number;
  readonly socMaxMwh: number;
  /** State of charge now, MWh. */
  readonly socMwh: number;
  /** USD per MWh discharged. */
  readonly cycleCostUsdPerMwh: number;
}

export interface SitePlanInput {
  readonly siteId: string;
  /** Start of the first interval, epoch ms UTC. */
  readonly startMs: number;
  readonly intervalMinutes: number;
  /** Number of intervals in the horizon. */
  readonly intervals: number;
  readonly timeZone: string;
  readonly pue: number;
  readonly poolFeePercent: number;
  /** Per interval: forecast grid import price, USD/MWh (ignored where importLimitMw is 0). */
  readonly importPriceUsdPerMwh: readonly number[];
  /** Per interval: forecast export price, USD/MWh. */
  readonly exportPriceUsdPerMwh: readonly number[];
  /** Per interval: grid import limit after demand-response events, MW. */
  readonly importLimitMw: readonly number[];
  /** Demand-response event id active in each interval, if any (for explanations). */
  readonly demandResponse: readonly (string | undefined)[];
  readonly exportLimitMw: number;
  /** Per interval: behind-the-meter renewable output available, MW (may be curtailed). */
  readonly renewableMw: readonly number[];
  /** Take-or-pay PPA block, MW, and its price, USD/MWh (0 MW when none). */
  readonly ppaMw: number;
  readonly ppaPriceUsdPerMwh: number;
  /** Per interval: forecast hashprice, USD per TH/s per day. */
  readonly hashpriceUsdPerThDay: readonly number[];
  readonly minerGroups: readonly MinerGroupCapability[];
  readonly gpuGroups: readonly GpuGroupCapability[];
  readonly batchJobs: readonly BatchJob[];
  readonly battery?: BatteryState;
  /** Largest change of total mining IT power between intervals, MW, and the power running now. */
  readonly rampMwPerInterval?: number;
  readonly currentMiningMw?: number;
  /** Demand charge, USD per MW of the month's peak import, and the peak already set this month. */
  readonly demandChargeUsdPerMw?: number;
  readonly monthPeakImportMw?: number;
  /** Fixed-price block with sell-back, ancillary capacity, expected 4CP charge, standby (grid-products-input.ts). */
  readonly gridProducts?: GridProductsInput;
}
