import { describe, expect, it } from 'vitest';
import { localCalendar } from './four-cp-calendar.ts';
import { forecastFourCpProbability, normalCdf } from './four-cp-forecaster.ts';
import type { IntervalGrid } from './interval-grid.ts';
import { ObservedHistory } from './observed-history.ts';

const START = Date.parse('2024-06-01T05:00:00Z'); // local midnight, America/Chicago (CDT)
const DAYS = 20;
const CELLS = DAYS * 24;

/** Hourly system load: a daily shape peaking at 17:00 local, days growing hotter by 0.5% a day. */
function summerLoad(): Float64Array {
  const values = new Float64Array(CELLS);
  for (let i = 0; i < CELLS; i++) {
    const hour = i % 24;
    const day = Math.floor(i / 24);
    values[i] = (60_000 + 15_000 * Math.exp(-((hour - 17) ** 2) / 8)) * (1 + 0.005 * day);
  }
  return values;
}

const calendar = localCalendar(START, CELLS, 60, 'America/Chicago');
const grid = (values: Float64Array): IntervalGrid => ({
  startMs: START,
  cellMinutes: 60,
  values,
  cellsPerSourceInterval: 1,
});

function forecast(values: Float64Array, decision: number, cells = 24, months = [6, 7, 8, 9]) {
  return forecastFourCpProbability({
    load: new ObservedHistory(grid(values), decision),
    calendar,
    cells,
    months,
  });
}

describe('forecastFourCpProbability', () => {
  it('does not peek: loads after the decision cell change nothing', () => {
    const actual = summerLoad();
    const tampered = summerLoad();
    const decision = 12 * 24 + 10;
    for (let i = decision; i < CELLS; i++) tampered[i] = 200_000;
    expect(Array.from(forecast(tampered, decision))).toEqual(Array.from(forecast(actual, decision)));
  });

  it('refuses to read the future even by mistake (ObservedHistory throws)', () => {
    const history = new ObservedHistory(grid(summerLoad()), 100);
    expect(() => history.value(100)).toThrow(/not yet known/);
  });

  it('puts the likely peak in the late afternoon of a hotter day, not at night', () => {
    const decision = 12 * 24; // local midnight of day 12
    const p = forecast(summerLoad(), decision);
    expect(p[17]!).toBeGreaterThan(0.5);
    expect(p[3]!).toBeLessThan(1e-6);
    const peakHour = p.indexOf(Math.max(...p));
    expect(peakHour).toBeGreaterThanOrEqual(16);
    expect(peakHour).toBeLessThanOrEqual(18);
  });

  it('says 0 outside the 4CP months and when the day runs cooler than the month so far', () => {
    expect(Math.max(...forecast(summerLoad(), 12 * 24, 24, [1]))).toBe(0);
    const cooling = summerLoad();
    for (let i = 12 * 24 - 12; i < CELLS; i++) cooling[i] = cooling[i]! * 0.85;
    expect(Math.max(...forecast(cooling, 12 * 24))).toBeLessThan(0.01);
  });

  it('uses a standard normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});
