import { describe, expect, it } from 'vitest';
import {
  btcFloatToSats,
  btcTextToSats,
  floorDiv,
  microUsdToText,
  roundHalfEvenDiv,
  satsToBtcText,
  usdFloatToMicroUsd,
} from './exact-units.ts';

describe('exact units', () => {
  it('parses and prints BTC exactly', () => {
    expect(btcTextToSats('0.12345678')).toBe(12_345_678n);
    expect(btcTextToSats('1')).toBe(100_000_000n);
    expect(btcTextToSats('0.123456789')).toBeUndefined();
    expect(btcTextToSats('-1')).toBeUndefined();
    expect(satsToBtcText(12_345_678n)).toBe('0.12345678');
    expect(satsToBtcText(-5n)).toBe('-0.00000005');
    expect(microUsdToText(1_234_567n)).toBe('1.234567');
  });

  it('rounds floats once: BTC floor, USD half-even, float noise cleared first', () => {
    expect(btcFloatToSats(0.29)).toBe(29_000_000n); // 0.29 x 1e8 = 28999999.999999996 in binary
    expect(btcFloatToSats(0.123456789)).toBe(12_345_678n);
    expect(usdFloatToMicroUsd(0.0000025)).toBe(2n);
    expect(usdFloatToMicroUsd(0.0000035)).toBe(4n);
    expect(usdFloatToMicroUsd(-1.5)).toBe(-1_500_000n);
  });

  it('divides with floor and half-even', () => {
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(roundHalfEvenDiv(5n, 2n)).toBe(2n);
    expect(roundHalfEvenDiv(7n, 2n)).toBe(4n);
    expect(roundHalfEvenDiv(-5n, 2n)).toBe(-2n);
  });
});
