/** What the allocator decided for one interval of one site. Powers are MW, averages over the interval. */
export interface IntervalDecision {
  readonly startMs: number;
  /** IT power per miner group, MW. */
  readonly minerMw: Readonly<Record<string, number>>;
  /** Hashrate per miner group, TH/s. */
  readonly minerHashrateThs: Readonly<Record<string, number>>;
  /** Per-machine power target per group, W, where the group runs at a target below its top segment. */
  readonly minerPowerTargetW: Readonly<Record<string, number | undefined>>;
  readonly miningMw: number;
  /** Interruptible GPUs served per GPU group. */
  readonly interruptibleGpus: Readonly<Record<string, number>>;
  /** GPUs running each batch job. */
  readonly batchGpus: Readonly<Record<string, number>>;
  /** Facility power of all GPU nodes (committed, interruptible, batch, idle), MW. */
  readonly gpuMw: number;
  readonly importMw: number;
  readonly exportMw: number;
  readonly renewableUsedMw: number;
  readonly renewableCurtailedMw: number;
  readonly ppaUsedMw: number;
  readonly chargeMw: number;
  readonly dischargeMw: number;
  /** Battery state of charge at the end of the interval, MWh (0 without a battery). */
  readonly socMwh: number;
  /** Ancillary capacity awarded by service, MW (only with grid products). */
  readonly ancillaryMw?: Readonly<Record<string, number>>;
  /** Part of the fixed-price block sold back, MW (only with a block). */
  readonly sellBackMw?: number;
}

export interface SitePlan {
  readonly siteId: string;
  readonly intervalMinutes: number;
  readonly decisions: readonly IntervalDecision[];
  /** Planned objective over the horizon on the forecasts, USD. */
  readonly plannedValueUsd: number;
  /** Short explanation of the first interval's decision, one sentence per part. */
  readonly explanation: readonly string[];
}
