import { beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { MarketData } from '../../core/ports/index.ts';
import { parseIsoDate } from './csv-reader.ts';

const DAY_MS = 86_400_000;

/** What the contract needs to know about the data an implementation was seeded with. */
export interface MarketDataContractCase {
  /** A `YYYY-MM-DD` date present in `btcDays()`. */
  readonly knownDate: string;
  /** The id of a price series the implementation serves. */
  readonly seriesId: string;
  /** That series' currency (`USD`, `CAD`). */
  readonly currency: string;
  /** An instant inside a gap of that series (the series must have one). */
  readonly gapMs: number;
  /** Grid data the implementation serves: an hour of known system load and an ECRS gap (before it existed). */
  readonly grid?: {
    readonly loadMs: number;
    readonly loadMw: number;
    readonly ecrsGapMs: number;
    readonly rrsMs: number;
    readonly rrsUsdPerMw: number;
  };
}

/** Runs the behaviours every MarketData implementation must satisfy, as a vitest `describe`. */
export function runMarketDataContract(
  name: string,
  create: () => Promise<MarketData>,
  known: MarketDataContractCase,
): void {
  describe(`MarketData contract: ${name}`, () => {
    let market: MarketData;
    beforeAll(async () => {
      market = await create();
    });

    describe('bitcoin days', () => {
      it('lists days in strictly increasing date order', () => {
        const dates = market.btcDays().map((day) => day.date);
        expect(dates.length).toBeGreaterThan(0);
        expect(dates).toContain(known.knownDate);
        for (let i = 1; i < dates.length; i++) expect(dates[i]! > dates[i - 1]!).toBe(true);
      });

      it('btcDayAt returns the UTC day containing a timestamp, from its first to its last millisecond', () => {
        const startMs = parseIsoDate(known.knownDate)!;
        for (const ms of [startMs, startMs + 12 * 3_600_000, startMs + DAY_MS - 1]) {
          expect(market.btcDayAt(ms)?.date).toBe(known.knownDate);
        }
        expect(market.btcDayAt(startMs + DAY_MS)?.date).not.toBe(known.knownDate);
        expect(market.btcDayAt(startMs - 1)?.date).not.toBe(known.knownDate);
      });

      it('btcDayAt finds every listed day', () => {
        for (const day of market.btcDays()) {
          expect(market.btcDayAt(parseIsoDate(day.date)! + 1000)).toEqual(day);
        }
      });

      it('btcDayAt returns undefined outside the covered days', () => {
        const days = market.btcDays();
        expect(market.btcDayAt(parseIsoDate(days[0]!.date)! - 1)).toBeUndefined();
        expect(market.btcDayAt(parseIsoDate(days[days.length - 1]!.date)! + DAY_MS)).toBeUndefined();
        expect(market.btcDayAt(Number.NaN)).toBeUndefined();
      });

      it('difficulty epochs are in increasing height order with positive difficulty', () => {
        const epochs = market.difficultyEpochs();
        for (let i = 1; i < epochs.length; i++)
          expect(epochs[i]!.height).toBeGreaterThan(epochs[i - 1]!.height);
        for (const epoch of epochs) expect(epoch.difficulty).toBeGreaterThan(0);
      });
    });

    describe('price series', () => {
      it('lists the known series id once', () => {
        const ids = market.priceSeriesIds();
        expect(ids).toContain(known.seriesId);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('serves the series under its id, in its currency per MWh', () => {
        const series = market.priceSeries(known.seriesId);
        expect(series.id).toBe(known.seriesId);
        expect(market.priceCurrency(known.seriesId)).toBe(known.currency);
        expect(series.unit).toBe(`${known.currency}/MWh`);
        expect(series.length).toBeGreaterThan(0);
      });

      it('reads a value at the first interval and undefined outside the series', () => {
        const series = market.priceSeries(known.seriesId);
        expect(typeof series.at(series.startMs)).toBe('number');
        expect(series.at(series.startMs - 1)).toBeUndefined();
        expect(series.at(series.endMs)).toBeUndefined();
      });

      it('reads undefined in a gap, which is covered and listed', () => {
        const series = market.priceSeries(known.seriesId);
        expect(series.covers(known.gapMs)).toBe(true);
        expect(series.at(known.gapMs)).toBeUndefined();
        const listed = series.gaps.some(
          (gap) =>
            known.gapMs >= gap.fromMs && known.gapMs < gap.fromMs + gap.intervals * series.resolutionMs,
        );
        expect(listed).toBe(true);
      });

      it('throws SY_ERR_DATA_SERIES_UNKNOWN naming the known ids for an unknown id', () => {
        const error = thrown(() => market.priceSeries('no_such_series'));
        expect(error.code).toBe('SY_ERR_DATA_SERIES_UNKNOWN');
        expect(error.message).toContain(known.seriesId);
        expect(thrown(() => market.priceCurrency('no_such_series')).code).toBe('SY_ERR_DATA_SERIES_UNKNOWN');
      });
    });

    describe('weather', () => {
      it('throws SY_ERR_DATA_SERIES_UNKNOWN for unknown weather ids', () => {
        expect(thrown(() => market.solarWeather('no_such_site')).code).toBe('SY_ERR_DATA_SERIES_UNKNOWN');
        expect(thrown(() => market.hubHeightWind('no_such_site')).code).toBe('SY_ERR_DATA_SERIES_UNKNOWN');
      });
    });

    describe('grid data', () => {
      const grid = known.grid;
      it.skipIf(!grid)('serves the hourly system load and the day-ahead ancillary prices by service', () => {
        const load = market.systemLoad();
        expect(load.unit).toBe('MW');
        expect(load.resolutionMs).toBe(3_600_000);
        expect(load.at(grid!.loadMs)).toBeCloseTo(grid!.loadMw, 6);
        expect(market.ancillaryPrices('rrs').at(grid!.rrsMs)).toBeCloseTo(grid!.rrsUsdPerMw, 6);
        expect(market.ancillaryPrices('ecrs').at(grid!.ecrsGapMs)).toBeUndefined();
      });

      it.skipIf(!grid)('lists grid events in time order, each inside its operating day', () => {
        const events = market.gridEvents();
        expect(events.length).toBeGreaterThan(0);
        for (let i = 1; i < events.length; i++) {
          const at = (e: (typeof events)[number]) => e.fromMs ?? e.dayStartMs;
          expect(at(events[i]!)).toBeGreaterThanOrEqual(at(events[i - 1]!));
        }
        for (const e of events) {
          if (e.fromMs !== undefined) {
            expect(e.fromMs).toBeGreaterThanOrEqual(e.dayStartMs);
            expect(e.toMs!).toBeGreaterThan(e.fromMs);
          }
        }
      });
    });

    describe('reference data', () => {
      it('miner models have positive hashrate, power and efficiency', () => {
        const models = market.minerModels();
        expect(models.length).toBeGreaterThan(0);
        for (const model of models) {
          expect(model.model).not.toBe('');
          expect(model.hashrateThs).toBeGreaterThan(0);
          expect(model.powerW).toBeGreaterThan(0);
          expect(model.efficiencyJPerTh).toBeGreaterThan(0);
          expect(Number.isFinite(model.powerW / model.hashrateThs)).toBe(true);
        }
      });

      it('GPU rental prices are positive', () => {
        for (const price of market.gpuRentalPrices()) expect(price.priceUsdPerGpuHour).toBeGreaterThan(0);
      });
    });
  });
}

function thrown(fn: () => unknown): SwitchyardError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    return error as SwitchyardError;
  }
  throw new Error('expected a SwitchyardError, but nothing was thrown');
}
