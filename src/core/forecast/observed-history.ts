import { SwitchyardError } from '../errors/index.ts';
import { type IntervalGrid, knownFromIndex } from './interval-grid.ts';

/**
 * What a forecaster may see at a decision time: only cells whose source interval has ended.
 * Reading any later cell throws, so a forecaster cannot use the future even by mistake.
 */
export class ObservedHistory {
  constructor(
    private readonly grid: IntervalGrid,
    /** Index of the cell about to be decided; cells before it may be known. */
    readonly decisionIndex: number,
  ) {}

  get cellMinutes(): number {
    return this.grid.cellMinutes;
  }

  /** Epoch ms UTC at which the grid's cell 0 starts (cell times are calendar features, not values). */
  get startMs(): number {
    return this.grid.startMs;
  }

  /** Cells per source interval: a value is known once its whole source interval has ended. */
  get cellsPerSourceInterval(): number {
    return this.grid.cellsPerSourceInterval;
  }

  /**
   * An identity of the observed series (not its values): lets a learned forecaster keep the model
   * it fitted on this series' past between decisions.
   */
  get seriesKey(): object {
    return this.grid;
  }

  /** Value of cell `i` (NaN in a gap). Throws when `i` was not yet known at the decision time. */
  value(i: number): number {
    if (i < 0) return Number.NaN;
    if (knownFromIndex(this.grid, i) > this.decisionIndex) {
      throw new SwitchyardError(
        'SY_ERR_INTERNAL',
        `forecast read cell ${i}, not yet known at cell ${this.decisionIndex}`,
      );
    }
    return this.grid.values[i] ?? Number.NaN;
  }

  /** Index of the newest known cell, or -1 when nothing is known yet. */
  lastKnownIndex(): number {
    const k = this.grid.cellsPerSourceInterval;
    return Math.floor(this.decisionIndex / k) * k - 1;
  }

  /** Newest known non-gap value at or before cell `i`, looking back at most `maxCells`; NaN if none. */
  latestAtOrBefore(i: number, maxCells: number): number {
    for (let j = Math.min(i, this.lastKnownIndex()); j >= 0 && j > i - maxCells; j--) {
      const value = this.grid.values[j]!;
      if (!Number.isNaN(value)) return value;
    }
    return Number.NaN;
  }
}

/**
 * Day-ahead prices visible at a decision time: a cell is visible once the auction for its day
 * has been published (`publishedFromIndex[i]`).
 */
export class PublishedDayAhead {
  constructor(
    private readonly grid: IntervalGrid,
    private readonly publishedFromIndex: Int32Array,
    readonly decisionIndex: number,
  ) {}

  /** Day-ahead value of cell `i`, or NaN when not yet published at the decision time (or a gap). */
  value(i: number): number {
    if (i < 0 || i >= this.grid.values.length) return Number.NaN;
    if (this.publishedFromIndex[i]! > this.decisionIndex) return Number.NaN;
    return this.grid.values[i]!;
  }

  /**
   * Day-ahead value of cell `i` as it was visible at an earlier cell `atIndex` (NaN when it was not
   * yet published then): how a learned forecaster rebuilds its past decisions' inputs. Never later
   * than this view's own decision time.
   */
  valueAsOf(i: number, atIndex: number): number {
    if (i < 0 || i >= this.grid.values.length) return Number.NaN;
    if (this.publishedFromIndex[i]! > Math.min(atIndex, this.decisionIndex)) return Number.NaN;
    return this.grid.values[i]!;
  }
}
