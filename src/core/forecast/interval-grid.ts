/**
 * Values on the planning grid (e.g. 15-minute cells from `startMs`), with the time each value
 * becomes known. A source at coarser resolution (hourly prices) repeats over its cells and is
 * known only once its whole source interval has ended. NaN marks a gap.
 */
export interface IntervalGrid {
  readonly startMs: number;
  readonly cellMinutes: number;
  readonly values: Float64Array;
  /** Cells per source interval (1 for a 15-minute source on a 15-minute grid, 4 for hourly). */
  readonly cellsPerSourceInterval: number;
}

/** Index of the first cell at which a value of cell `i` is known: the end of its source interval. */
export function knownFromIndex(grid: IntervalGrid, i: number): number {
  const k = grid.cellsPerSourceInterval;
  return (Math.floor(i / k) + 1) * k;
}
