import type { BtcDay, DifficultyEpoch } from '../market/btc-day.ts';
import type { AncillaryPriceService, GridEvent } from '../market/grid.ts';
import type { GpuRentalPrice, MinerModel } from '../market/reference.ts';
import type { TimeSeries } from '../market/time-series.ts';
import type { HubHeightWind, SolarWeather } from '../market/weather.ts';

/**
 * Market data queried by time. The replay implementation reads the shipped CSV files; a fake builds
 * it in memory. Prices keep their source currency: the fleet's currency setting converts them.
 */
export interface MarketData {
  /** Bitcoin data of the UTC day containing `ms`, or undefined outside the covered days. */
  btcDayAt(ms: number): BtcDay | undefined;
  /** All Bitcoin days in date order. */
  btcDays(): readonly BtcDay[];
  difficultyEpochs(): readonly DifficultyEpoch[];
  /** Names of the power-price series available (e.g. `ercot_rt_hb_west`). */
  priceSeriesIds(): readonly string[];
  /** A power-price series by name, spanning every year present. Throws SY_ERR_DATA_SERIES_UNKNOWN. */
  priceSeries(id: string): TimeSeries;
  /** Currency of a price series' values (`USD`, `CAD`). */
  priceCurrency(id: string): string;
  /** Ids of the solar weather files (irradiance and temperature). */
  solarWeatherIds(): readonly string[];
  /** Ids of the hub-height wind files. */
  hubHeightWindIds(): readonly string[];
  solarWeather(id: string): SolarWeather;
  hubHeightWind(id: string): HubHeightWind;
  minerModels(): readonly MinerModel[];
  gpuRentalPrices(): readonly GpuRentalPrice[];
  /** Hourly system load of the grid, MW (ERCOT Native Load). Throws SY_ERR_DATA_FILE_MISSING without the file. */
  systemLoad(): TimeSeries;
  /** Day-ahead clearing price of an ancillary service, USD per MW per hour; gaps where the service did not exist. */
  ancillaryPrices(service: AncillaryPriceService): TimeSeries;
  /** Grid emergency, ERS and conservation events in time order. */
  gridEvents(): readonly GridEvent[];
}
