import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors/index.ts';
import {
  blendNowcast,
  dayAhead,
  forecasters,
  perfectForesight,
  persistence,
  sameTimeYesterday,
  seasonalMedian,
} from './forecasters.ts';
import type { IntervalGrid } from './interval-grid.ts';
import { ObservedHistory, PublishedDayAhead } from './observed-history.ts';

const CELLS_PER_DAY = 96;

/** A deterministic price-like series: daily shape plus pseudo-random noise (fixed seed). */
function priceGrid(days: number, cellsPerSourceInterval = 1): IntervalGrid {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const values = new Float64Array(days * CELLS_PER_DAY);
  for (let i = 0; i < values.length; i += cellsPerSourceInterval) {
    const hour = (i % CELLS_PER_DAY) / 4;
    const value = 30 + 25 * Math.sin((Math.PI * (hour - 6)) / 12) + 40 * random();
    values.fill(value, i, i + cellsPerSourceInterval);
  }
  return { startMs: 0, cellMinutes: 15, values, cellsPerSourceInterval };
}

/** The same grid with every value from `fromCell` on replaced: the "future" is poisoned. */
function poisonFuture(grid: IntervalGrid, fromCell: number): IntervalGrid {
  const values = grid.values.slice();
  values.fill(1e6, fromCell);
  return { ...grid, values };
}

function dayAheadFor(grid: IntervalGrid, decision: number) {
  // Published for the next day at 13:30 of the day before: cell 54 of each day.
  const published = new Int32Array(grid.values.length);
  for (let i = 0; i < published.length; i++)
    published[i] = (Math.floor(i / CELLS_PER_DAY) - 1) * CELLS_PER_DAY + 54;
  return new PublishedDayAhead(grid, published, decision);
}

describe('no forecaster sees the future', () => {
  const live = forecasters.filter((f) => !f.usesFuture);

  for (const sourceCells of [1, 4]) {
    for (const forecaster of live) {
      it(`${forecaster.name} on a ${sourceCells * 15}-minute source: poisoning everything after the decision changes nothing`, () => {
        const grid = priceGrid(20, sourceCells);
        for (const decision of [
          8 * CELLS_PER_DAY,
          8 * CELLS_PER_DAY + 37,
          12 * CELLS_PER_DAY + 55,
          15 * CELLS_PER_DAY + 2,
        ]) {
          // Values of a source interval that has not ended yet are unknown too.
          const boundary = Math.floor(decision / sourceCells) * sourceCells;
          const poisoned = poisonFuture(grid, boundary);
          const clean = forecaster.forecast({
            history: new ObservedHistory(grid, decision),
            cells: 96,
            dayAhead: dayAheadFor(grid, decision),
          });
          const dirty = forecaster.forecast({
            history: new ObservedHistory(poisoned, decision),
            cells: 96,
            // Day-ahead prices are public once published: the same published values in both runs.
            dayAhead: dayAheadFor(grid, decision),
          });
          expect(Array.from(dirty)).toEqual(Array.from(clean));
        }
      });
    }
  }

  it('reading a cell that is not yet known throws', () => {
    const history = new ObservedHistory(priceGrid(3, 4), 100);
    expect(() => history.value(100)).toThrow(SwitchyardError);
    // Cell 97 belongs to the hour 96..99, which has ended by cell 100; cell 98 too.
    expect(() => history.value(99)).not.toThrow();
    const hourly = new ObservedHistory(priceGrid(3, 4), 98);
    expect(() => hourly.value(96)).toThrow(/not yet known/);
  });

  it('day-ahead prices are hidden until their publication time', () => {
    const grid = priceGrid(3);
    const before = dayAheadFor(grid, CELLS_PER_DAY + 53);
    const after = dayAheadFor(grid, CELLS_PER_DAY + 54);
    expect(Number.isNaN(before.value(2 * CELLS_PER_DAY + 10))).toBe(true);
    expect(after.value(2 * CELLS_PER_DAY + 10)).toBe(grid.values[2 * CELLS_PER_DAY + 10]);
  });

  it('only perfect foresight declares that it uses the future', () => {
    expect(forecasters.filter((f) => f.usesFuture).map((f) => f.name)).toEqual(['perfect']);
  });
});

describe('forecasters', () => {
  const grid = priceGrid(10);
  const decision = 9 * CELLS_PER_DAY + 10;
  const inputs = { history: new ObservedHistory(grid, decision), cells: 96 };

  it('persistence repeats the newest known value', () => {
    const out = persistence.forecast(inputs);
    expect(out.every((v) => v === grid.values[decision - 1])).toBe(true);
  });

  it('same-time-yesterday takes yesterday, with the newest value blended into the first hour', () => {
    const out = sameTimeYesterday.forecast(inputs);
    expect(out[50]).toBe(grid.values[decision + 50 - CELLS_PER_DAY]);
    const weight = Math.exp(-1 / 4);
    expect(out[0]).toBeCloseTo(
      weight * grid.values[decision - 1]! + (1 - weight) * grid.values[decision - CELLS_PER_DAY]!,
      9,
    );
  });

  it('seasonal takes the median of the last seven days at that time', () => {
    const out = seasonalMedian.forecast(inputs);
    const sample = [1, 2, 3, 4, 5, 6, 7]
      .map((d) => grid.values[decision + 60 - d * CELLS_PER_DAY]!)
      .sort((a, b) => a - b);
    expect(out[60]).toBe(sample[3]);
  });

  it('day-ahead uses published auction prices', () => {
    const da: IntervalGrid = { ...grid, values: grid.values.map((v) => v + 1000) };
    const out = dayAhead.forecast({ ...inputs, dayAhead: dayAheadFor(da, decision) });
    // Cell decision + 50 lies in day 9, published at day 8 13:30: visible.
    expect(out[50]).toBe(da.values[decision + 50]);
  });

  it('perfect foresight returns the actual values', () => {
    const out = perfectForesight.forecast({ ...inputs, cells: 80, actual: grid });
    expect(Array.from(out)).toEqual(Array.from(grid.values.slice(decision, decision + 80)));
  });

  it('a series with no known history is a clear data error', () => {
    expect(() => persistence.forecast({ history: new ObservedHistory(grid, 0), cells: 4 })).toThrow(
      /no known value/,
    );
  });

  it('blendNowcast fades the newest value out within a few hours', () => {
    const out = blendNowcast(new Float64Array(96).fill(0), 100);
    expect(out[0]).toBeCloseTo(77.88, 2);
    expect(out[40]).toBe(0);
  });
});
