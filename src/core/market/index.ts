export type { BtcDay, DifficultyEpoch } from './btc-day.ts';
export {
  type AncillaryPriceService,
  ancillaryPriceServices,
  type GridEvent,
  type GridEventType,
  gridEventTypes,
} from './grid.ts';
export type { GpuRentalPrice, MinerModel } from './reference.ts';
export { type SeriesGap, TimeSeries } from './time-series.ts';
export type { HubHeightWind, SolarWeather } from './weather.ts';
