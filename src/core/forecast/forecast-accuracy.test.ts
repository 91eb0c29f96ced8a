import { describe, expect, it } from 'vitest';
import { forecastAccuracy, pinballLoss } from './forecast-accuracy.ts';
import type { Forecaster } from './forecaster.ts';
import { persistence } from './forecasters.ts';
import type { IntervalGrid } from './interval-grid.ts';

const grid: IntervalGrid = {
  startMs: 0,
  cellMinutes: 15,
  // Calm at 20, a four-cell spike to 500 at cells 10-13, calm again.
  values: new Float64Array(24).map((_, i) => (i >= 10 && i < 14 ? 500 : 20)),
  cellsPerSourceInterval: 1,
};

describe('forecastAccuracy', () => {
  it('pinball loss weighs under- and over-forecasts by the quantile level', () => {
    expect(pinballLoss(10, 20, 0.9)).toBeCloseTo(9, 12);
    expect(pinballLoss(30, 20, 0.9)).toBeCloseTo(1, 12);
    expect(pinballLoss(20, 20, 0.5)).toBe(0);
  });

  it('scores persistence: error only where the price moved, spikes hit only once they are seen', () => {
    const [score] = forecastAccuracy(grid, [persistence], {
      fromCell: 9,
      toCell: 12,
      every: 1,
      horizonCells: 2,
      spikeLevel: () => 100,
    });
    // Decisions at 9, 10, 11 (newest value 20, 20, 500) forecast cells 9-10, 10-11, 11-12.
    expect(score!.decisions).toBe(3);
    expect(score!.maeUsdPerMwh).toBeCloseTo((0 + 480 + 480 + 480 + 0 + 0) / 6, 9);
    expect(score!.spikeCells).toBe(5);
    expect(score!.spikeHitRate).toBeCloseTo(2 / 5, 12);
    expect(score!.falseSpikeRate).toBe(0);
  });

  it('a forecaster that knew the future would score zero (the metric itself is exact)', () => {
    const oracle: Forecaster = {
      name: 'oracle',
      usesFuture: true,
      forecast: ({ history, cells }) =>
        grid.values.slice(history.decisionIndex, history.decisionIndex + cells),
    };
    const [score] = forecastAccuracy(grid, [oracle], {
      fromCell: 2,
      toCell: 20,
      every: 2,
      horizonCells: 4,
      spikeLevel: () => 100,
    });
    expect(score!.maeUsdPerMwh).toBe(0);
    expect(score!.pinballUsdPerMwh).toBe(0);
    expect(score!.spikeHitRate).toBe(1);
  });
});
