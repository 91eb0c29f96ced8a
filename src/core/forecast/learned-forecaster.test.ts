import { describe, expect, it } from 'vitest';
import { forecastAccuracy } from './forecast-accuracy.ts';
import { dayAhead, learned, learnedHedged, persistence, seasonalMedian } from './forecasters.ts';
import type { IntervalGrid } from './interval-grid.ts';
import { learnedForecaster } from './learned-forecaster.ts';
import { ObservedHistory, PublishedDayAhead } from './observed-history.ts';

const DAY = 96;

/**
 * A price-like series with what real prices have: a daily shape, weekday/weekend levels, noise and
 * evening spikes that last about an hour on some days (fixed seed).
 */
function spikyGrid(days: number, cellsPerSourceInterval = 1): IntervalGrid {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const values = new Float64Array(days * DAY);
  for (let i = 0; i < values.length; i += cellsPerSourceInterval) {
    const day = Math.floor(i / DAY);
    const hour = (i % DAY) / 4;
    let value = 35 + 20 * Math.sin((Math.PI * (hour - 8)) / 12) + (day % 7 >= 5 ? -8 : 0) + 12 * random();
    if (day % 3 === 1 && hour >= 19 && hour < 20.25) value += 600 + 400 * random();
    values.fill(value, i, i + cellsPerSourceInterval);
  }
  return { startMs: Date.parse('2024-05-01T00:00:00Z'), cellMinutes: 15, values, cellsPerSourceInterval };
}

/** Day-ahead "auction": the actual price plus noise, published at cell 54 of the day before. */
function dayAheadOf(grid: IntervalGrid) {
  const values = grid.values.map((v, i) => v + 5 * Math.sin(i));
  const publishedFromIndex = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) publishedFromIndex[i] = (Math.floor(i / DAY) - 1) * DAY + 54;
  return { grid: { ...grid, values }, publishedFromIndex };
}

function poisoned(grid: IntervalGrid, fromCell: number): IntervalGrid {
  const values = grid.values.slice();
  for (let i = fromCell; i < values.length; i++) values[i] = i % 2 ? 1e5 : -1e5;
  return { ...grid, values };
}

describe('learned forecaster sees nothing after its decision time', () => {
  for (const sourceCells of [1, 4]) {
    it(`on a ${sourceCells * 15}-minute source: the future prices and unpublished day-ahead prices change no quantile`, () => {
      const grid = spikyGrid(40, sourceCells);
      const da = dayAheadOf(grid);
      for (const decision of [33 * DAY, 33 * DAY + 41, 35 * DAY + 77, 37 * DAY + 2]) {
        const boundary = Math.floor(decision / sourceCells) * sourceCells;
        // Day-ahead values not yet published at the decision are poisoned too.
        const daPoisoned = da.grid.values.slice();
        for (let i = 0; i < daPoisoned.length; i++)
          if (da.publishedFromIndex[i]! > decision) daPoisoned[i] = 9e4;
        // A fresh forecaster each time: no model is carried over between the two runs.
        const run = (g: IntervalGrid, daValues: Float64Array) =>
          learnedForecaster({ name: 'under-test', riskWeight: 0.3, fallback: dayAhead }).forecastQuantiles({
            history: new ObservedHistory(g, decision),
            cells: 96,
            dayAhead: new PublishedDayAhead(
              { ...da.grid, values: daValues },
              da.publishedFromIndex,
              decision,
            ),
          });
        const clean = run(grid, da.grid.values);
        const dirty = run(poisoned(grid, boundary), daPoisoned);
        expect(Array.from(dirty.mean)).toEqual(Array.from(clean.mean));
        clean.quantiles.forEach((q, l) => {
          expect(Array.from(dirty.quantiles[l]!)).toEqual(Array.from(q));
        });
      }
    });
  }

  it('the model of a day is fitted on what was known at the day start, whatever the call order', () => {
    const grid = spikyGrid(40);
    const decision = 34 * DAY + 60;
    const fresh = learnedForecaster({ name: 'a', riskWeight: 0, fallback: dayAhead });
    const warmed = learnedForecaster({ name: 'b', riskWeight: 0, fallback: dayAhead });
    warmed.forecast({ history: new ObservedHistory(grid, 34 * DAY + 3), cells: 96 });
    const a = fresh.forecast({ history: new ObservedHistory(grid, decision), cells: 96 });
    const b = warmed.forecast({ history: new ObservedHistory(grid, decision), cells: 96 });
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('learned forecaster', () => {
  const grid = spikyGrid(60);
  const da = dayAheadOf(grid);
  const options = {
    fromCell: 40 * DAY,
    toCell: 60 * DAY - DAY,
    every: 4,
    horizonCells: 96,
    spikeLevel: () => 300,
  };

  it('beats persistence on error, persistence and the seasonal median on pinball loss, and sees spikes coming', () => {
    const [learnedScore, persistenceScore, seasonalScore, hedgedScore] = forecastAccuracy(
      grid,
      [learned, persistence, seasonalMedian, learnedHedged],
      options,
    );
    expect(learnedScore!.maeUsdPerMwh).toBeLessThan(persistenceScore!.maeUsdPerMwh);
    expect(learnedScore!.pinballUsdPerMwh).toBeLessThan(seasonalScore!.pinballUsdPerMwh);
    expect(learnedScore!.pinballUsdPerMwh).toBeLessThan(persistenceScore!.pinballUsdPerMwh);
    // The expected price (not the median) is what a linear plan needs: it sits between spike and
    // calm, so spikes show in the hedged price, which leans toward the distribution's upper tail.
    expect(hedgedScore!.spikeHitRate!).toBeGreaterThan(0.5);
    expect(seasonalScore!.spikeHitRate ?? 0).toBeLessThan(0.1);
  });

  it('uses published day-ahead prices where they exist', () => {
    const [without] = forecastAccuracy(grid, [learned], options);
    const [withDa] = forecastAccuracy(
      grid,
      [learnedForecaster({ name: 'da', riskWeight: 0, fallback: dayAhead })],
      {
        ...options,
        dayAhead: da,
      },
    );
    expect(withDa!.maeUsdPerMwh).toBeLessThan(without!.maeUsdPerMwh);
  });

  it('states ordered quantiles that cover most outcomes, and a hedged price at or above the mean', () => {
    let inside = 0;
    let total = 0;
    for (let t = 45 * DAY; t < 55 * DAY; t += 7) {
      const inputs = { history: new ObservedHistory(grid, t), cells: 48 };
      const forecast = learned.forecastQuantiles(inputs);
      const hedged = learnedHedged.forecast(inputs);
      for (let k = 0; k < 48; k++) {
        for (let l = 1; l < forecast.levels.length; l++)
          expect(forecast.quantiles[l]![k]!).toBeGreaterThanOrEqual(forecast.quantiles[l - 1]![k]! - 1e-9);
        expect(hedged[k]!).toBeGreaterThanOrEqual(forecast.mean[k]! - 1e-9);
        const actual = grid.values[t + k]!;
        if (actual >= forecast.quantiles[0]![k]! && actual <= forecast.quantiles[6]![k]!) inside++;
        total++;
      }
    }
    // A 5 %..95 % band: about 90 % of outcomes on data like its training data.
    expect(inside / total).toBeGreaterThan(0.75);
    expect(inside / total).toBeLessThan(0.99);
  });

  it('falls back to its fallback forecaster while under two days of history are known', () => {
    const inputs = { history: new ObservedHistory(grid, DAY + 10), cells: 96 };
    expect(Array.from(learned.forecast(inputs))).toEqual(Array.from(dayAhead.forecast(inputs)));
  });
});
