import type {
  AncillaryPriceService,
  BtcDay,
  DifficultyEpoch,
  GpuRentalPrice,
  GridEvent,
  HubHeightWind,
  MinerModel,
  SolarWeather,
} from '../../core/market/index.ts';
import { TimeSeries } from '../../core/market/index.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { MarketHistoryRepository, MarketPoint, MarketWindow } from '../../core/ports/market-history.ts';
import { BtcDayIndex } from '../market-data/btc-day-index.ts';
import { unknownSeriesError } from '../market-data/unknown-series-error.ts';
import { BTC_DAY_FIELDS, type BtcDayField, currencyOfUnit, seriesKeys } from './series-keys.ts';

/**
 * Reference data that is not (yet) stored market history: the miner models, GPU rental prices, and
 * the grid programmes' inputs (system load, ancillary clearing prices, grid events), read from files.
 */
export type MarketReference = Pick<
  MarketData,
  'minerModels' | 'gpuRentalPrices' | 'systemLoad' | 'ancillaryPrices' | 'gridEvents'
>;

export interface StoredMarketOptions {
  /** Which intervals to read and as known when (everything, as known now, when absent). */
  readonly window?: MarketWindow;
  readonly reference: MarketReference;
}

/**
 * MarketData over stored history, as of an instant: what was known then, corrections after it
 * unseen. Loaded once (the MarketData port is synchronous): the live loop loads a fresh one for
 * each tick's snapshot over a window around now; a backtest loads the whole range.
 */
export class StoredMarketData implements MarketData {
  readonly window: MarketWindow;
  /** The source of the last point of each series read (for explanations and health). */
  readonly lastPoints: ReadonlyMap<string, MarketPoint>;
  private readonly btc: BtcDayIndex;

  private constructor(
    private readonly reference: MarketReference,
    window: MarketWindow,
    btcDays: readonly BtcDay[],
    private readonly epochs: readonly DifficultyEpoch[],
    private readonly prices: ReadonlyMap<string, { series: TimeSeries; currency: string }>,
    private readonly solar: ReadonlyMap<string, SolarWeather>,
    private readonly wind: ReadonlyMap<string, HubHeightWind>,
    lastPoints: ReadonlyMap<string, MarketPoint>,
  ) {
    this.window = window;
    this.btc = new BtcDayIndex(btcDays);
    this.lastPoints = lastPoints;
  }

  static async load(
    history: MarketHistoryRepository,
    options: StoredMarketOptions,
  ): Promise<StoredMarketData> {
    const window = options.window ?? {};
    const infos = await history.series();
    const lastPoints = new Map<string, MarketPoint>();
    const read = async (key: string, w: MarketWindow = window) => {
      const points = await history.points(key, w);
      const last = points[points.length - 1];
      if (last) lastPoints.set(key, last);
      return points;
    };
    const prices = new Map<string, { series: TimeSeries; currency: string }>();
    const solarParts = new Map<string, { ghi?: TimeSeries; temp?: TimeSeries }>();
    const windParts = new Map<string, Map<number, TimeSeries>>();
    const btcFields = new Map<BtcDayField, Map<number, number>>();
    let epochDifficulty: MarketPoint[] = [];
    let epochHeight: MarketPoint[] = [];
    for (const info of infos) {
      const [prefix, id, part] = info.key.split(':') as [string, string, string | undefined];
      const asSeries = async (seriesId: string) =>
        TimeSeries.fromPoints(
          seriesId,
          info.unit,
          info.resolutionMs,
          (await read(info.key)).map((p) => ({ startMs: p.atMs, value: p.value })),
        );
      // A weather file is one (typical) year mapped onto any date: read whole when the window misses it.
      const typicalYear = async (seriesId: string) =>
        info.lastMs !== undefined && window.fromMs !== undefined && info.lastMs < window.fromMs
          ? TimeSeries.fromPoints(
              seriesId,
              info.unit,
              info.resolutionMs,
              (await read(info.key, { asOfMs: window.asOfMs })).map((p) => ({
                startMs: p.atMs,
                value: p.value,
              })),
            )
          : asSeries(seriesId);
      if (prefix === 'power') {
        prices.set(id, { series: await asSeries(id), currency: currencyOfUnit(info.unit) });
      } else if (prefix === 'btc' && id in BTC_DAY_FIELDS) {
        // Days are few: all of them, as known, so the hashprice calendar sees the whole history.
        const points = await read(info.key, { asOfMs: window.asOfMs });
        btcFields.set(id as BtcDayField, new Map(points.map((p) => [p.atMs, p.value])));
      } else if (info.key === seriesKeys.epochDifficulty) {
        epochDifficulty = await read(info.key, { asOfMs: window.asOfMs });
      } else if (info.key === seriesKeys.epochHeight) {
        epochHeight = await read(info.key, { asOfMs: window.asOfMs });
      } else if (prefix === 'solar' && (part === 'ghi' || part === 'temp')) {
        const entry = solarParts.get(id) ?? {};
        entry[part] = await typicalYear(id);
        solarParts.set(id, entry);
      } else if (prefix === 'wind' && part !== undefined) {
        const heights = windParts.get(id) ?? new Map<number, TimeSeries>();
        heights.set(Number(part), await typicalYear(id));
        windParts.set(id, heights);
      } else if (prefix === 'forecast' && (part === 'ghi' || part === 'temp')) {
        // Open-Meteo at a site: solar weather `open-meteo:<site>` on the dates themselves.
        const entry = solarParts.get(`open-meteo:${id}`) ?? {};
        entry[part] = await asSeries(`open-meteo:${id}`);
        solarParts.set(`open-meteo:${id}`, entry);
      } else if (prefix === 'forecast' && part === 'wind_100m') {
        windParts.set(`open-meteo:${id}`, new Map([[100, await asSeries(`open-meteo:${id}`)]]));
      }
    }
    const solar = new Map<string, SolarWeather>();
    for (const [id, parts] of solarParts) {
      if (parts.ghi && parts.temp) solar.set(id, { id, ghiWm2: parts.ghi, tempAirC: parts.temp });
    }
    const wind = new Map<string, HubHeightWind>(
      [...windParts].map(([id, speedByHeightMs]) => [id, { id, speedByHeightMs }]),
    );
    const heightAt = new Map(epochHeight.map((p) => [p.atMs, p.value]));
    const epochs = epochDifficulty
      .filter((p) => heightAt.has(p.atMs))
      .map((p) => ({ height: heightAt.get(p.atMs)!, startDate: isoDate(p.atMs), difficulty: p.value }))
      .sort((a, b) => a.height - b.height);
    return new StoredMarketData(
      options.reference,
      window,
      btcDaysOf(btcFields),
      epochs,
      prices,
      solar,
      wind,
      lastPoints,
    );
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
    return [...this.prices.keys()];
  }

  priceSeries(id: string): TimeSeries {
    const entry = this.prices.get(id);
    if (!entry) throw unknownSeriesError('price series', id, this.priceSeriesIds());
    return entry.series;
  }

  priceCurrency(id: string): string {
    const entry = this.prices.get(id);
    if (!entry) throw unknownSeriesError('price series', id, this.priceSeriesIds());
    return entry.currency;
  }

  solarWeatherIds(): readonly string[] {
    return [...this.solar.keys()];
  }

  hubHeightWindIds(): readonly string[] {
    return [...this.wind.keys()];
  }

  solarWeather(id: string): SolarWeather {
    const weather = this.solar.get(id);
    if (!weather) throw unknownSeriesError('solar weather', id, this.solarWeatherIds());
    return weather;
  }

  hubHeightWind(id: string): HubHeightWind {
    const wind = this.wind.get(id);
    if (!wind) throw unknownSeriesError('hub-height wind', id, this.hubHeightWindIds());
    return wind;
  }

  minerModels(): readonly MinerModel[] {
    return this.reference.minerModels();
  }

  gpuRentalPrices(): readonly GpuRentalPrice[] {
    return this.reference.gpuRentalPrices();
  }

  systemLoad(): TimeSeries {
    return this.reference.systemLoad();
  }

  ancillaryPrices(service: AncillaryPriceService): TimeSeries {
    return this.reference.ancillaryPrices(service);
  }

  gridEvents(): readonly GridEvent[] {
    return this.reference.gridEvents();
  }
}

/** A day exists where its difficulty is known (the one field never empty); other fields may be null. */
function btcDaysOf(fields: ReadonlyMap<BtcDayField, ReadonlyMap<number, number>>): BtcDay[] {
  const difficulty = fields.get('difficulty') ?? new Map<number, number>();
  const value = (field: BtcDayField, atMs: number) => fields.get(field)?.get(atMs) ?? null;
  return [...difficulty.keys()]
    .sort((a, b) => a - b)
    .map((atMs) => ({
      date: isoDate(atMs),
      priceUsd: value('priceUsd', atMs),
      difficulty: difficulty.get(atMs)!,
      hashrateEhs: value('hashrateEhs', atMs),
      blockCount: value('blockCount', atMs),
      feesBtc: value('feesBtc', atMs),
      subsidyBtc: value('subsidyBtc', atMs),
    }));
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
