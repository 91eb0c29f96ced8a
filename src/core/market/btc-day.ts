/** One UTC day of Bitcoin market and network data. Empty source cells are `null`, never zero. */
export interface BtcDay {
  /** UTC calendar day, `YYYY-MM-DD`. */
  readonly date: string;
  /** Close price of the UTC day, USD per BTC. */
  readonly priceUsd: number | null;
  /** Difficulty in force at 00:00 UTC (dimensionless). */
  readonly difficulty: number;
  /** Source's estimate of network hashrate, EH/s (informational; economics derive hashrate from difficulty). */
  readonly hashrateEhs: number | null;
  /** Blocks found that UTC day. */
  readonly blockCount: number | null;
  /** Total transaction fees paid to miners that day, BTC. */
  readonly feesBtc: number | null;
  /** Total block subsidy paid that day, BTC. */
  readonly subsidyBtc: number | null;
}

/** A difficulty retarget epoch. */
export interface DifficultyEpoch {
  /** Height of the first block of the epoch. */
  readonly height: number;
  /** UTC day the epoch started. */
  readonly startDate: string;
  readonly difficulty: number;
}
