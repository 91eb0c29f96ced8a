import { describe, expect, it } from 'vitest';
import {
  dayOf,
  daysInMonth,
  daysInMonthOf,
  isMonth,
  monthOf,
  monthRange,
  monthStartOf,
  nextDay,
  nextMonth,
  previousMonth,
} from './calendar.ts';

describe('the UTC calendar', () => {
  it('gives a month as [start, end) epoch ms and finds the month of an instant', () => {
    expect(monthRange('2024-02')).toEqual({ fromMs: Date.UTC(2024, 1, 1), toMs: Date.UTC(2024, 2, 1) });
    expect(monthRange('2023-12').toMs).toBe(Date.UTC(2024, 0, 1));
    expect(monthOf(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02');
    expect(monthStartOf(Date.UTC(2024, 1, 29, 12))).toBe(Date.UTC(2024, 1, 1));
    expect(dayOf(Date.UTC(2024, 1, 29, 23))).toBe('2024-02-29');
  });

  it('counts days with leap years and steps months and days across year ends', () => {
    expect([
      daysInMonth('2024-02'),
      daysInMonth('2023-02'),
      daysInMonth('2100-02'),
      daysInMonth('2000-02'),
    ]).toEqual([29, 28, 28, 29]);
    expect(daysInMonthOf(2025, 4)).toBe(30);
    expect(previousMonth('2024-01')).toBe('2023-12');
    expect(nextMonth('2023-12')).toBe('2024-01');
    expect(nextMonth('2024-09')).toBe('2024-10');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2023-12-31')).toBe('2024-01-01');
  });

  it('refuses anything that is not YYYY-MM', () => {
    for (const bad of ['2024-13', '2024-1', '24-01', '2024-00', '', '2024-01-01']) {
      expect(isMonth(bad)).toBe(false);
      expect(() => monthRange(bad)).toThrow(RangeError);
    }
  });
});
