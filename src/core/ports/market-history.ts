/**
 * Stored, as-of market history: every market input (power prices per series, BTC price, block
 * height and subsidy, difficulty, fees, weather) as points of named series. Each point carries the
 * source it came from and the time it became known, so a replay sees exactly what the live loop knew
 * then, and a correction is a new point with a later known-at time: history is never rewritten.
 */

/** What a series is: its key (`power:ercot_rt_hb_west`, `btc:price_usd`), kind, unit and grid. */
export interface MarketSeriesSpec {
  readonly key: string;
  /** `power-price`, `btc`, `weather`, … (free text, used for grouping and listings). */
  readonly kind: string;
  /** Unit of every value, e.g. `USD/MWh`, `USD/BTC`, `W/m2`. */
  readonly unit: string;
  /** Grid the points sit on, ms (900 000 for 15-min prices, 86 400 000 for daily bitcoin data). */
  readonly resolutionMs: number;
}

/** A value for the interval starting at `atMs`, known from `knownAtMs` on. */
export interface MarketPointDraft {
  readonly atMs: number;
  readonly knownAtMs: number;
  readonly value: number;
}

export interface MarketPoint extends MarketPointDraft {
  /** Where it came from: `file:power/ercot_rt_hb_west_2023.csv`, `feed:ercot-rt`, `manual:key-1`. */
  readonly source: string;
}

/** Points of one series from one source, stored together. */
export interface MarketBatch {
  readonly series: MarketSeriesSpec;
  readonly source: string;
  readonly points: readonly MarketPointDraft[];
}

export interface MarketSeriesInfo extends MarketSeriesSpec {
  /** Stored point versions (corrections count separately). */
  readonly points: number;
  /** First and last interval start with a point, epoch ms; absent for a series with none. */
  readonly firstMs?: number;
  readonly lastMs?: number;
  /** Latest known-at time of any point. */
  readonly lastKnownAtMs?: number;
}

/** Which points to read: intervals in [fromMs, toMs), as known at `asOfMs` (everything when absent). */
export interface MarketWindow {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly asOfMs?: number;
}

export interface MarketHistoryRepository {
  /**
   * Stores a batch. The series is created on first use; a batch whose unit or resolution differs
   * from the stored series fails with SY_ERR_STORAGE_CONFLICT and stores nothing. Returns the
   * number of points stored.
   */
  append(batch: MarketBatch): Promise<number>;
  /** Every series, by key. */
  series(): Promise<MarketSeriesInfo[]>;
  /**
   * The points of a series in the window, one per interval in time order: for each interval the
   * version with the latest known-at time not after `asOfMs` (ties: the one stored last).
   * An unknown key reads as no points.
   */
  points(key: string, window?: MarketWindow): Promise<MarketPoint[]>;
}
