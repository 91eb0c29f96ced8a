import { DataFileError } from '../../core/errors/index.ts';
import type {
  AncillaryPriceService,
  BtcDay,
  DifficultyEpoch,
  GpuRentalPrice,
  GridEvent,
  HubHeightWind,
  MinerModel,
  SolarWeather,
  TimeSeries,
} from '../../core/market/index.ts';
import type { MarketData } from '../../core/ports/index.ts';
import { BtcDayIndex } from './btc-day-index.ts';
import { unknownSeriesError } from './unknown-series-error.ts';

/**
 * In-memory MarketData for tests, configured fluently:
 *
 * ```ts
 * const market = new FakeMarketData()
 *   .withBtcDays([{ date: '2024-04-20', priceUsd: 64979.21, difficulty: 8.6e13, ... }])
 *   .withPriceSeries(TimeSeries.fromPoints('west', 'USD/MWh', 3_600_000, points), 'USD')
 *   .withMinerModels([{ model: 'S19j Pro', vendor: 'Bitmain', hashrateThs: 104, powerW: 3068, efficiencyJPerTh: 29.5 }]);
 * ```
 *
 * Each `with...` call replaces what an earlier call of the same kind set (price series and weather add by id)
 * and returns this fake. Unknown ids throw SY_ERR_DATA_SERIES_UNKNOWN, as the replay implementation does.
 */
export class FakeMarketData implements MarketData {
  private btc = new BtcDayIndex([]);
  private epochs: readonly DifficultyEpoch[] = [];
  private readonly prices = new Map<string, { series: TimeSeries; currency: string }>();
  private readonly solar = new Map<string, SolarWeather>();
  private readonly wind = new Map<string, HubHeightWind>();
  private miners: readonly MinerModel[] = [];
  private gpus: readonly GpuRentalPrice[] = [];
  private load: TimeSeries | undefined;
  private readonly ancillary = new Map<AncillaryPriceService, TimeSeries>();
  private events: readonly GridEvent[] | undefined;

  /** Bitcoin days in any order (kept sorted by date); a repeated date throws. */
  withBtcDays(days: readonly BtcDay[]): this {
    this.btc = new BtcDayIndex(days);
    return this;
  }

  withDifficultyEpochs(epochs: readonly DifficultyEpoch[]): this {
    this.epochs = [...epochs].sort((a, b) => a.height - b.height);
    return this;
  }

  /** Adds (or replaces) the price series named `series.id`; its values are in `currency`/MWh. */
  withPriceSeries(series: TimeSeries, currency = 'USD'): this {
    this.prices.set(series.id, { series, currency });
    return this;
  }

  withSolarWeather(weather: SolarWeather): this {
    this.solar.set(weather.id, weather);
    return this;
  }

  withHubHeightWind(wind: HubHeightWind): this {
    this.wind.set(wind.id, wind);
    return this;
  }

  withMinerModels(models: readonly MinerModel[]): this {
    this.miners = [...models];
    return this;
  }

  withGpuRentalPrices(prices: readonly GpuRentalPrice[]): this {
    this.gpus = [...prices];
    return this;
  }

  /** The grid's hourly system load, MW. */
  withSystemLoad(series: TimeSeries): this {
    this.load = series;
    return this;
  }

  /** Adds (or replaces) a service's day-ahead clearing prices, USD per MW per hour. */
  withAncillaryPrices(service: AncillaryPriceService, series: TimeSeries): this {
    this.ancillary.set(service, series);
    return this;
  }

  withGridEvents(events: readonly GridEvent[]): this {
    this.events = [...events].sort((a, b) => (a.fromMs ?? a.dayStartMs) - (b.fromMs ?? b.dayStartMs));
    return this;
  }

  systemLoad(): TimeSeries {
    if (!this.load) throw missingGrid('systemLoad');
    return this.load;
  }

  ancillaryPrices(service: AncillaryPriceService): TimeSeries {
    const series = this.ancillary.get(service);
    if (!series) throw missingGrid(`ancillaryPrices(${service})`);
    return series;
  }

  gridEvents(): readonly GridEvent[] {
    if (!this.events) throw missingGrid('gridEvents');
    return this.events;
  }

  btcDayAt(ms: number): BtcDay | undefined {
    return this.btc.at(ms);
  }

  btcDays(): readonly BtcDay[] {
    return this.btc.days;
  }

  difficultyEpochs(): readonly DifficultyEpoch[] {
    return this.epochs;
  }

  priceSeriesIds(): readonly string[] {
    return [...this.prices.keys()].sort();
  }

  priceSeries(id: string): TimeSeries {
    return this.price(id).series;
  }

  priceCurrency(id: string): string {
    return this.price(id).currency;
  }

  solarWeather(id: string): SolarWeather {
    const weather = this.solar.get(id);
    if (!weather) throw unknownSeriesError('solar weather', id, [...this.solar.keys()].sort());
    return weather;
  }

  hubHeightWind(id: string): HubHeightWind {
    const wind = this.wind.get(id);
    if (!wind) throw unknownSeriesError('hub-height wind', id, [...this.wind.keys()].sort());
    return wind;
  }

  minerModels(): readonly MinerModel[] {
    return this.miners;
  }

  gpuRentalPrices(): readonly GpuRentalPrice[] {
    return this.gpus;
  }

  solarWeatherIds(): readonly string[] {
    return [...this.solar.keys()];
  }

  hubHeightWindIds(): readonly string[] {
    return [...this.wind.keys()];
  }

  private price(id: string): { series: TimeSeries; currency: string } {
    const entry = this.prices.get(id);
    if (!entry) throw unknownSeriesError('price series', id, this.priceSeriesIds());
    return entry;
  }
}

function missingGrid(kind: string): DataFileError {
  return new DataFileError('SY_ERR_DATA_FILE_MISSING', { file: 'fake' }, `no ${kind} configured`);
}
