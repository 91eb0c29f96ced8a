import type { TimeSeries } from './time-series.ts';

/** Hourly weather at one place, as NREL NSRDB / WIND Toolkit files give it. */
export interface SolarWeather {
  readonly id: string;
  /** Global horizontal irradiance, W/m2. */
  readonly ghiWm2: TimeSeries;
  /** Air temperature, deg C. */
  readonly tempAirC: TimeSeries;
}

export interface HubHeightWind {
  readonly id: string;
  /** Wind speed at each available hub height (m), m/s. */
  readonly speedByHeightMs: ReadonlyMap<number, TimeSeries>;
}
