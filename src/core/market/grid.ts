/**
 * Grid data a flexible load is paid against: the system load (for the 4CP peaks), the day-ahead
 * ancillary-service clearing prices, and the grid's emergency and conservation events.
 */

/** Ancillary-service price columns of the day-ahead market (ERCOT MCPC), USD per MW per hour. */
export const ancillaryPriceServices = ['reg-down', 'reg-up', 'rrs', 'non-spin', 'ecrs'] as const;
export type AncillaryPriceService = (typeof ancillaryPriceServices)[number];

/** Kinds of grid event, as the events file names them. */
export const gridEventTypes = [
  'voluntary_conservation_notice',
  'conservation_appeal',
  'EEA1',
  'EEA2',
  'EEA3',
  'frequency_excursion',
  'ers_deployment',
] as const;
export type GridEventType = (typeof gridEventTypes)[number];

/** One grid event. Times are absent when the source did not record them (see `dayStartMs`). */
export interface GridEvent {
  /** Operating day in the grid's local time, `YYYY-MM-DD`. */
  readonly date: string;
  readonly type: GridEventType;
  /** Start and end, epoch ms UTC; undefined when the record has no times. */
  readonly fromMs?: number;
  readonly toMs?: number;
  /** The local operating day, epoch ms UTC, for events without times. */
  readonly dayStartMs: number;
  readonly dayEndMs: number;
  readonly detail: string;
  readonly confidence: string;
}
