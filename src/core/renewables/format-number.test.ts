import { describe, expect, it } from 'vitest';
import { formatNumber } from './format-number.ts';

describe('formatNumber', () => {
  it('drops float noise and trailing zeros', () => {
    // -0.004 * 100 = -0.39999999999999997 in binary floating point; printed as -0.4.
    expect(formatNumber(-0.004 * 100)).toBe('-0.4');
    expect(formatNumber(0.86)).toBe('0.86');
    expect(formatNumber(100)).toBe('100');
    expect(formatNumber(2.5)).toBe('2.5');
  });
});
