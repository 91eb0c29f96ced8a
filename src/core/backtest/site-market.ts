import type { HashpriceCalendar } from '../economics/hashprice-calendar.ts';
import { SwitchyardError } from '../errors/index.ts';
import type { Fleet, Site } from '../fleet/fleet-schema.ts';
import type { IntervalGrid } from '../forecast/interval-grid.ts';
import type { TimeSeries } from '../market/time-series.ts';
import type { MarketData } from '../ports/market-data.ts';
import { buildRenewableProfile } from '../renewables/index.ts';
import { localParts, zonedToUtcMs } from '../time/zoned-time.ts';

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * One site's market on the planning grid, all money in USD: actual prices and renewable output
 * per cell, what is known ahead (fixed and time-of-use tariffs, demand-response caps) and the
 * day-ahead prices with the cell from which each was published.
 */
export interface SiteMarket {
  readonly siteId: string;
  readonly startMs: number;
  readonly cellMinutes: number;
  readonly cells: number;
  /** Actual import price, USD/MWh (market price + adder, or the tariff). */
  readonly importPrice: IntervalGrid;
  /** Actual export price, USD/MWh (the raw market price, or the fixed export price). */
  readonly exportPrice: IntervalGrid;
  /**
   * True when prices are tariffs known in advance (fixed, time-of-use): no forecast needed.
   * Otherwise the market price (= exportPrice) is forecast and import = forecast + importAdder.
   */
  readonly priceKnownAhead: boolean;
  readonly importAdderUsdPerMwh: number;
  /** Day-ahead market price (raw, USD/MWh) and the cell from which each value was public. */
  readonly dayAhead?: { readonly grid: IntervalGrid; readonly publishedFromIndex: Int32Array };
  readonly renewableMw: IntervalGrid;
  readonly importLimitMw: Float64Array;
  readonly demandResponse: readonly (string | undefined)[];
  /** USD per TH/s per day, one source interval per UTC day. */
  readonly hashpriceUsdPerThDay: IntervalGrid;
  /** BTC per TH/s per day. */
  readonly btcPerThDay: IntervalGrid;
  readonly ppaMw: number;
  readonly ppaPriceUsdPerMwh: number;
  /** Sentences on how the data was mapped (weather years, fee estimates, currency rates). */
  readonly notes: readonly string[];
}

export interface SiteMarketOptions {
  /** Grid start, epoch ms UTC, at a UTC midnight. */
  readonly startMs: number;
  readonly cells: number;
  readonly cellMinutes: number;
  /** Local hour:minute the day-ahead auction for the next day is published (ERCOT: 13:30). */
  readonly dayAheadPublishedLocal?: { hour: number; minute: number };
}

export function buildSiteMarket(
  fleet: Fleet,
  site: Site,
  market: MarketData,
  calendar: HashpriceCalendar,
  options: SiteMarketOptions,
): SiteMarket {
  const { startMs, cells, cellMinutes } = options;
  if (startMs % DAY_MS !== 0) throw new RangeError('site market grid must start at a UTC midnight');
  const cellMs = cellMinutes * 60_000;
  const notes: string[] = [];
  const rate = (code: string | undefined): number => {
    const currency = code ?? site.currency ?? 'USD';
    if (currency === 'USD') return 1;
    const value = fleet.currencies[currency];
    if (value === undefined)
      throw new SwitchyardError('SY_ERR_CONFIG_INVALID', `site ${site.id}: no rate for ${currency}`);
    return value;
  };
  const times = (i: number) => startMs + i * cellMs;

  let importPrice: IntervalGrid = constantGrid(startMs, cellMinutes, cells, Number.NaN);
  let exportPrice: IntervalGrid = constantGrid(startMs, cellMinutes, cells, Number.NaN);
  let priceKnownAhead = true;
  let importAdderUsdPerMwh = 0;
  let dayAhead: SiteMarket['dayAhead'];
  let renewable = new Float64Array(cells);
  let ppaMw = 0;
  let ppaPriceUsdPerMwh = 0;
  for (const supply of site.supply) {
    switch (supply.kind) {
      case 'fixed': {
        importPrice = constantGrid(startMs, cellMinutes, cells, supply.pricePerMwh * rate(supply.currency));
        break;
      }
      case 'time-of-use': {
        const factor = rate(supply.currency);
        const values = new Float64Array(cells);
        for (let i = 0; i < cells; i++) {
          const local = localParts(times(i), site.timeZone);
          const weekday = WEEKDAY_NAMES[local.weekday]!;
          const period = supply.periods.find(
            (p) =>
              local.hour >= p.fromHour &&
              local.hour < p.toHour &&
              (!p.days || p.days.includes(weekday as (typeof p.days)[number])),
          );
          values[i] = (period ? period.pricePerMwh : supply.basePricePerMwh) * factor;
        }
        importPrice = { startMs, cellMinutes, values, cellsPerSourceInterval: 1 };
        break;
      }
      case 'market': {
        const factor = rate(supply.currency ?? market.priceCurrency(supply.series));
        const series = market.priceSeries(supply.series);
        const actual = seriesToGrid(series, startMs, cellMinutes, cells, factor);
        const filled = fillGapsForward(actual.values);
        if (filled.length > 0) {
          notes.push(
            `${supply.series}: ${filled.length} cell(s) missing inside the data (first ${new Date(times(filled[0]!)).toISOString()}); settled at the previous known price`,
          );
        }
        exportPrice = actual;
        importAdderUsdPerMwh = supply.adderPerMwh * factor;
        importPrice = { ...actual, values: actual.values.map((v) => v + importAdderUsdPerMwh) };
        priceKnownAhead = false;
        if (factor !== 1)
          notes.push(`${supply.series} converted to USD at ${factor} USD per ${series.unit.split('/')[0]}`);
        if (supply.dayAheadSeries) {
          const daFactor = rate(supply.currency ?? market.priceCurrency(supply.dayAheadSeries));
          dayAhead = {
            grid: seriesToGrid(
              market.priceSeries(supply.dayAheadSeries),
              startMs,
              cellMinutes,
              cells,
              daFactor,
            ),
            publishedFromIndex: dayAheadPublication(site.timeZone, startMs, cellMinutes, cells, options),
          };
        }
        break;
      }
      case 'ppa': {
        // Several PPAs pool into one block at their MW-weighted price.
        const price = supply.pricePerMwh * rate(supply.currency);
        ppaPriceUsdPerMwh = (ppaPriceUsdPerMwh * ppaMw + price * supply.blockMw) / (ppaMw + supply.blockMw);
        ppaMw += supply.blockMw;
        break;
      }
      case 'solar':
      case 'wind': {
        const profile = buildRenewableProfile(
          supply.kind === 'solar'
            ? {
                kind: 'solar',
                weather: market.solarWeather(supply.weather),
                capacityMw: supply.capacityMw,
                derate: supply.derate,
              }
            : {
                kind: 'wind',
                wind: market.hubHeightWind(supply.wind),
                hubHeightM: supply.hubHeightM,
                capacityMw: supply.capacityMw,
              },
          { fromMs: startMs, toMs: startMs + cells * cellMs, resolutionMs: cellMs },
        );
        const grid = seriesToGrid(profile.series, startMs, cellMinutes, cells, 1);
        renewable = renewable.map((v, i) => v + (grid.values[i] ?? 0));
        notes.push(`${supply.kind} ${supply.capacityMw} MW: ${profile.description}`);
        break;
      }
    }
  }
  if (priceKnownAhead) {
    const exportUsd = (site.grid.exportPricePerMwh ?? 0) * rate(site.grid.exportCurrency);
    exportPrice = constantGrid(startMs, cellMinutes, cells, exportUsd);
  }
  if (priceKnownAhead && Number.isNaN(importPrice.values[0] ?? Number.NaN)) {
    importPrice = constantGrid(startMs, cellMinutes, cells, 0); // off-grid site: import limit is 0
  }

  const importLimitMw = new Float64Array(cells).fill(site.grid.importMw);
  const demandResponse: (string | undefined)[] = new Array(cells).fill(undefined);
  for (const event of site.demandResponse) {
    const from = Math.max(0, Math.floor((Date.parse(event.from) - startMs) / cellMs));
    const to = Math.min(cells, Math.ceil((Date.parse(event.to) - startMs) / cellMs));
    for (let i = from; i < to; i++) {
      importLimitMw[i] = Math.min(importLimitMw[i]!, event.maxImportMw);
      demandResponse[i] = event.id;
    }
  }

  const cellsPerDay = DAY_MS / cellMs;
  const hashprice = new Float64Array(cells).fill(Number.NaN);
  const btcPerThDay = new Float64Array(cells).fill(Number.NaN);
  for (let i = 0; i < cells; i += cellsPerDay) {
    const day = calendar.byDate.get(new Date(times(i)).toISOString().slice(0, 10));
    hashprice.fill(day ? day.usdPerThDay : Number.NaN, i, i + cellsPerDay);
    btcPerThDay.fill(day ? day.btcPerThDay : Number.NaN, i, i + cellsPerDay);
  }

  return {
    siteId: site.id,
    startMs,
    cellMinutes,
    cells,
    importPrice,
    exportPrice,
    priceKnownAhead,
    importAdderUsdPerMwh,
    dayAhead,
    renewableMw: { startMs, cellMinutes, values: renewable, cellsPerSourceInterval: 60 / cellMinutes },
    importLimitMw,
    demandResponse,
    hashpriceUsdPerThDay: { startMs, cellMinutes, values: hashprice, cellsPerSourceInterval: cellsPerDay },
    btcPerThDay: { startMs, cellMinutes, values: btcPerThDay, cellsPerSourceInterval: cellsPerDay },
    ppaMw,
    ppaPriceUsdPerMwh,
    notes,
  };
}

/** Fills gaps between known values with the previous known value (never past the last one); returns the cells filled. */
function fillGapsForward(values: Float64Array): number[] {
  let last = values.length - 1;
  while (last >= 0 && Number.isNaN(values[last]!)) last--;
  const filled: number[] = [];
  let previous = Number.NaN;
  for (let i = 0; i <= last; i++) {
    if (Number.isNaN(values[i]!)) {
      if (!Number.isNaN(previous)) {
        values[i] = previous;
        filled.push(i);
      }
    } else previous = values[i]!;
  }
  return filled;
}

function constantGrid(startMs: number, cellMinutes: number, cells: number, value: number): IntervalGrid {
  return { startMs, cellMinutes, values: new Float64Array(cells).fill(value), cellsPerSourceInterval: 1 };
}

/** Samples a series onto the grid; cells outside it or in a gap are NaN. */
function seriesToGrid(
  series: TimeSeries,
  startMs: number,
  cellMinutes: number,
  cells: number,
  factor: number,
): IntervalGrid {
  const cellMs = cellMinutes * 60_000;
  const values = new Float64Array(cells);
  for (let i = 0; i < cells; i++) {
    const value = series.at(startMs + i * cellMs);
    values[i] = value === undefined ? Number.NaN : value * factor;
  }
  const perSource = Math.max(1, Math.round(series.resolutionMs / cellMs));
  return { startMs, cellMinutes, values, cellsPerSourceInterval: perSource };
}

/** Cell index from which each cell's day-ahead price is public: the local publication time the day before. */
export function dayAheadPublication(
  timeZone: string,
  startMs: number,
  cellMinutes: number,
  cells: number,
  options: SiteMarketOptions,
): Int32Array {
  const cellMs = cellMinutes * 60_000;
  const publish = options.dayAheadPublishedLocal ?? { hour: 13, minute: 30 };
  const out = new Int32Array(cells);
  let cachedDay = '';
  let cachedIndex = 0;
  for (let i = 0; i < cells; i++) {
    const local = localParts(startMs + i * cellMs, timeZone);
    const key = `${local.year}-${local.month}-${local.day}`;
    if (key !== cachedDay) {
      const previous = new Date(Date.UTC(local.year, local.month - 1, local.day) - DAY_MS);
      const published = zonedToUtcMs(
        timeZone,
        previous.getUTCFullYear(),
        previous.getUTCMonth() + 1,
        previous.getUTCDate(),
        publish.hour,
        publish.minute,
      );
      cachedIndex = Math.ceil((published - startMs) / cellMs);
      cachedDay = key;
    }
    out[i] = cachedIndex;
  }
  return out;
}
