import { SwitchyardError } from '../errors/index.ts';
import type { Site } from '../fleet/fleet-schema.ts';
import {
  type AncillaryService,
  type GridProgrammes,
  loadReducingServices,
} from '../fleet/grid-programmes-schema.ts';
import { localCalendar } from '../forecast/four-cp-calendar.ts';
import type { FourCpCalendar } from '../forecast/four-cp-forecaster.ts';
import type { IntervalGrid } from '../forecast/interval-grid.ts';
import type { GridEvent } from '../market/grid.ts';
import type { TimeSeries } from '../market/time-series.ts';
import type { MarketData } from '../ports/market-data.ts';
import { actualFourCpPeaks, type FourCpPeak, peakCells } from './four-cp-peaks.ts';
import { deploymentWindows } from './grid-deployments.ts';

/**
 * A site's grid programmes on the planning grid: system load and its local calendar (4CP), the
 * day-ahead ancillary prices of the services it offers and when each was published, deployments per
 * cell from the grid events, conservation windows, ERS contract hours and the year's actual peaks.
 */
export interface SiteGridMarket {
  readonly programmes: GridProgrammes;
  readonly systemLoad: IntervalGrid;
  readonly calendar: FourCpCalendar;
  /** Offered services in fleet-file order, with their day-ahead price grid (USD per MW-h). */
  readonly services: readonly {
    readonly service: AncillaryService;
    readonly maxMw: number;
    readonly price: IntervalGrid;
  }[];
  /** Cell from which each cell's day-ahead prices were public (13:30 local the day before). */
  readonly publishedFromIndex: Int32Array;
  /** Per offered service (same order): 1 where the service is deployed in the cell. */
  readonly deployed: readonly Uint8Array[];
  /** 1 where ERS is deployed in the cell. */
  readonly ersDeployed: Uint8Array;
  /** 1 where the cell is inside the ERS contract hours. */
  readonly ersHours: Uint8Array;
  /** 1 where a conservation appeal or notice covers the cell. */
  readonly conservation: Uint8Array;
  /** 1 where the cell is in one of the year's actual monthly system-peak hours (4CP months only). */
  readonly fourCpPeak: Uint8Array;
  /** The actual monthly peaks the load file settles. */
  readonly fourCpPeaks: readonly FourCpPeak[];
  /** 4CP charge per MW of meter import in a peak interval, USD (0 without 4CP). */
  readonly fourCpUsdPerMw: number;
  /** Fixed-price block in USD, when the site has one. */
  readonly block?: { readonly blockMw: number; readonly priceUsdPerMwh: number };
  readonly notes: readonly string[];
}

export interface GridMarketGrid {
  readonly startMs: number;
  readonly cells: number;
  readonly cellMinutes: number;
  /** Cells from which each cell's day-ahead prices are public (the site market's own, when it has one). */
  readonly publishedFromIndex: Int32Array;
}

export function buildSiteGridMarket(
  site: Site,
  market: MarketData,
  grid: GridMarketGrid,
  usdPerUnit: (currency: string | undefined) => number,
): SiteGridMarket | undefined {
  const programmes = site.gridProgrammes;
  if (!programmes) return undefined;
  const { startMs, cells, cellMinutes } = grid;
  const cellMs = cellMinutes * 60_000;
  const notes: string[] = [];
  const calendar = localCalendar(startMs, cells, cellMinutes, site.timeZone);
  // The system load is read only for 4CP (a site without it needs no load file).
  const systemLoad: IntervalGrid = programmes.fourCp
    ? onGrid(market.systemLoad(), startMs, cells, cellMinutes)
    : { startMs, cellMinutes, values: new Float64Array(cells).fill(Number.NaN), cellsPerSourceInterval: 1 };
  const services = (programmes.ancillary?.services ?? []).map((offer) => ({
    service: offer.service,
    maxMw: offer.maxMw,
    price: onGrid(market.ancillaryPrices(offer.service), startMs, cells, cellMinutes),
  }));
  let events: readonly GridEvent[] = [];
  try {
    events = market.gridEvents();
  } catch (error) {
    if (!(error instanceof SwitchyardError) || error.code !== 'SY_ERR_DATA_FILE_MISSING') throw error;
    notes.push('no grid events file: no deployments, no conservation windows');
  }
  const windows = deploymentWindows(events);
  notes.push(...windows.rules);
  const mark = (out: Uint8Array, fromMs: number, toMs: number) => {
    const from = Math.max(0, Math.floor((fromMs - startMs) / cellMs));
    const to = Math.min(cells, Math.ceil((toMs - startMs) / cellMs));
    for (let i = from; i < to; i++) out[i] = 1;
  };
  const deployed = services.map(({ service }) => {
    const out = new Uint8Array(cells);
    for (const w of windows.byService.get(service) ?? []) mark(out, w.fromMs, w.toMs);
    return out;
  });
  const ersDeployed = new Uint8Array(cells);
  for (const w of windows.ers) mark(ersDeployed, w.fromMs, w.toMs);
  const conservation = new Uint8Array(cells);
  for (const w of windows.conservation) mark(conservation, w.fromMs, w.toMs);
  const ersHours = new Uint8Array(cells);
  const ers = programmes.emergencyResponse;
  if (ers) {
    for (let i = 0; i < cells; i++) {
      const hour = calendar.hour[i]!;
      ersHours[i] = !ers.hours || (hour >= ers.hours.fromHour && hour < ers.hours.toHour) ? 1 : 0;
    }
  }
  const fourCp = programmes.fourCp;
  const peaks = fourCp ? actualFourCpPeaks(market.systemLoad(), fourCp.months, site.timeZone) : [];
  const fourCpPeak = peakCells(peaks, startMs, cells, cellMinutes);
  const block = programmes.fixedPriceBlock;
  if (services.some((s) => !loadReducingServices.has(s.service)))
    notes.push(
      'reg-down awards are paid for room to raise load; they are never deployed in the backtest (no record)',
    );
  return {
    programmes,
    systemLoad,
    calendar,
    services,
    publishedFromIndex: grid.publishedFromIndex,
    deployed,
    ersDeployed,
    ersHours,
    conservation,
    fourCpPeak,
    fourCpPeaks: peaks,
    fourCpUsdPerMw: fourCp ? (1000 * fourCp.usdPerKwMonth * 12) / 4 : 0,
    ...(block
      ? { block: { blockMw: block.blockMw, priceUsdPerMwh: block.pricePerMwh * usdPerUnit(block.currency) } }
      : {}),
    notes,
  };
}

/** Samples an hourly (or finer) series onto the planning grid; cells outside it or in a gap are NaN. */
function onGrid(series: TimeSeries, startMs: number, cells: number, cellMinutes: number): IntervalGrid {
  const cellMs = cellMinutes * 60_000;
  const values = new Float64Array(cells);
  for (let i = 0; i < cells; i++) values[i] = series.at(startMs + i * cellMs) ?? Number.NaN;
  return {
    startMs,
    cellMinutes,
    values,
    cellsPerSourceInterval: Math.max(1, Math.round(series.resolutionMs / cellMs)),
  };
}
