import { describe, expect, it } from 'vitest';
import { fitRidge, predictRow } from './ridge-regression.ts';

describe('fitRidge', () => {
  it('recovers the coefficients of a noiseless linear relation (intercept not shrunk)', () => {
    const count = 200;
    const features = 3;
    const rows = new Float64Array(count * features);
    const targets = new Float64Array(count);
    for (let r = 0; r < count; r++) {
      const a = Math.sin(r);
      const b = Math.cos(3 * r);
      rows.set([1, a, b], r * features);
      targets[r] = 40 + 2 * a - 5 * b;
    }
    const w = fitRidge(rows, targets, count, features, 1e-9);
    expect(w[0]).toBeCloseTo(40, 4);
    expect(w[1]).toBeCloseTo(2, 4);
    expect(w[2]).toBeCloseTo(-5, 4);
    expect(predictRow(w, rows, 5 * features)).toBeCloseTo(targets[5]!, 4);
  });

  it('shrinks slopes toward zero as the penalty grows, not the intercept', () => {
    const rows = new Float64Array([1, 1, 1, -1, 1, 2, 1, -2]);
    const targets = new Float64Array([13, 7, 16, 4]);
    const loose = fitRidge(rows, targets, 4, 2, 1e-9);
    const tight = fitRidge(rows, targets, 4, 2, 100);
    expect(loose[1]).toBeCloseTo(3, 6);
    expect(Math.abs(tight[1]!)).toBeLessThan(0.1);
    expect(tight[0]).toBeCloseTo(10, 3);
  });
});
