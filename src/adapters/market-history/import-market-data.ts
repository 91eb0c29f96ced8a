import type { BtcDay, TimeSeries } from '../../core/market/index.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type {
  MarketBatch,
  MarketHistoryRepository,
  MarketPointDraft,
} from '../../core/ports/market-history.ts';
import { parseIsoDate } from '../market-data/csv-reader.ts';
import { importedKnownAtMs } from './known-at.ts';
import {
  BTC_DAY_FIELDS,
  type BtcDayField,
  btcDaySpec,
  DAY_MS,
  epochSpecs,
  powerSpec,
  seriesKeys,
  weatherSpec,
} from './series-keys.ts';

/** Points per stored batch: a month of 15-min prices. */
const BATCH_POINTS = 2976;

export interface ImportSummary {
  /** Series written (key -> points stored); series already stored are skipped. */
  readonly imported: Readonly<Record<string, number>>;
  readonly skipped: readonly string[];
}

/**
 * Copies a MarketData (the replayed data directory) into stored history, tagged `source`. A series
 * that already has points is skipped, so running the import again (each server start) adds nothing.
 * `signal` stops it between batches (a series cut short is completed by no later run: import into
 * an empty database, or let it finish).
 */
export async function importMarketData(
  market: MarketData,
  history: MarketHistoryRepository,
  source: string,
  signal?: AbortSignal,
): Promise<ImportSummary> {
  const stored = new Set((await history.series()).filter((s) => s.points > 0).map((s) => s.key));
  const imported: Record<string, number> = {};
  const skipped: string[] = [];
  const write = async (batch: MarketBatch) => {
    if (stored.has(batch.series.key)) {
      skipped.push(batch.series.key);
      return;
    }
    let count = 0;
    for (let i = 0; i < batch.points.length; i += BATCH_POINTS) {
      signal?.throwIfAborted();
      count += await history.append({ ...batch, points: batch.points.slice(i, i + BATCH_POINTS) });
    }
    imported[batch.series.key] = count;
  };

  for (const id of market.priceSeriesIds()) {
    const series = market.priceSeries(id);
    await write({
      series: powerSpec(id, market.priceCurrency(id), series.resolutionMs),
      source,
      points: seriesPoints(series, (atMs) => importedKnownAtMs(id, atMs, series.resolutionMs)),
    });
  }
  for (const field of Object.keys(BTC_DAY_FIELDS) as BtcDayField[]) {
    await write({ series: btcDaySpec(field), source, points: btcDayPoints(market.btcDays(), field) });
  }
  const epochs = market.difficultyEpochs().map((epoch) => ({ epoch, atMs: parseIsoDate(epoch.startDate)! }));
  for (const [spec, pick] of [
    [epochSpecs.difficulty, (e: (typeof epochs)[number]) => e.epoch.difficulty],
    [epochSpecs.height, (e: (typeof epochs)[number]) => e.epoch.height],
  ] as const) {
    await write({
      series: spec,
      source,
      points: epochs.map((e) => ({ atMs: e.atMs, knownAtMs: e.atMs, value: pick(e) })),
    });
  }
  for (const id of market.solarWeatherIds()) {
    const weather = market.solarWeather(id);
    for (const [key, series] of [
      [seriesKeys.solarGhi(id), weather.ghiWm2],
      [seriesKeys.solarTemp(id), weather.tempAirC],
    ] as const) {
      await write({
        series: weatherSpec(key, series.unit, series.resolutionMs),
        source,
        points: observed(series),
      });
    }
  }
  for (const id of market.hubHeightWindIds()) {
    for (const [height, series] of market.hubHeightWind(id).speedByHeightMs) {
      const key = seriesKeys.wind(id, height);
      await write({
        series: weatherSpec(key, series.unit, series.resolutionMs),
        source,
        points: observed(series),
      });
    }
  }
  return { imported, skipped };
}

function seriesPoints(series: TimeSeries, knownAt: (atMs: number) => number): MarketPointDraft[] {
  const points: MarketPointDraft[] = [];
  for (const point of series.points()) {
    points.push({ atMs: point.startMs, knownAtMs: knownAt(point.startMs), value: point.value });
  }
  return points;
}

/** Weather observations are known when their hour ends. */
function observed(series: TimeSeries): MarketPointDraft[] {
  return seriesPoints(series, (atMs) => atMs + series.resolutionMs);
}

/** A day's figure is known when the UTC day ends; an empty cell stores no point. */
function btcDayPoints(days: readonly BtcDay[], field: BtcDayField): MarketPointDraft[] {
  const points: MarketPointDraft[] = [];
  for (const day of days) {
    const value = day[field];
    if (value === null) continue;
    const atMs = parseIsoDate(day.date)!;
    points.push({ atMs, knownAtMs: atMs + DAY_MS, value });
  }
  return points;
}
