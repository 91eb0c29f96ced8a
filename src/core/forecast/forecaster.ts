import type { IntervalGrid } from './interval-grid.ts';
import type { ObservedHistory, PublishedDayAhead } from './observed-history.ts';

export interface ForecastInputs {
  readonly history: ObservedHistory;
  /** Cells to forecast, starting at `history.decisionIndex`. */
  readonly cells: number;
  readonly dayAhead?: PublishedDayAhead;
  /** The actual values: handed only to forecasters that declare `usesFuture` (the upper bound). */
  readonly actual?: IntervalGrid;
}

/** Predicts a series over the horizon from what was known at the decision time. */
export interface Forecaster {
  readonly name: string;
  /** True only for perfect foresight, which is an upper bound, never a strategy to run live. */
  readonly usesFuture: boolean;
  forecast(inputs: ForecastInputs): Float64Array;
}
