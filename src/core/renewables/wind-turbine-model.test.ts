import { describe, expect, it } from 'vitest';
import {
  describeWindTurbine,
  pickHeight,
  powerCurveFraction,
  resolveWindTurbineParams,
  WIND_TURBINE_DEFAULTS,
  windTurbineOutputMw,
} from './wind-turbine-model.ts';

const turbine = { capacityMw: 2 };

describe('powerCurveFraction', () => {
  it('is cubic between cut-in and rated (worked examples)', () => {
    // vr^3 - vin^3 = 12^3 - 3^3 = 1728 - 27 = 1701.
    // 6 m/s: (216 - 27) / 1701 = 189 / 1701 = 1/9.
    expect(powerCurveFraction(turbine, 6)).toBeCloseTo(1 / 9, 12);
    // 9 m/s: (729 - 27) / 1701 = 702 / 1701 = 26/63 = 0.412698...
    expect(powerCurveFraction(turbine, 9)).toBeCloseTo(26 / 63, 12);
  });

  it('is 0 below cut-in, 1 from rated to cut-out inclusive, 0 beyond cut-out', () => {
    expect(powerCurveFraction(turbine, 0)).toBe(0);
    expect(powerCurveFraction(turbine, 2.9)).toBe(0);
    expect(powerCurveFraction(turbine, 3)).toBe(0); // (27 - 27) / 1701
    expect(powerCurveFraction(turbine, 12)).toBe(1);
    expect(powerCurveFraction(turbine, 20)).toBe(1);
    expect(powerCurveFraction(turbine, 25)).toBe(1);
    expect(powerCurveFraction(turbine, 25.1)).toBe(0);
  });

  it('uses custom cut-in, rated and cut-out speeds', () => {
    // cut-in 4, rated 10: 1000 - 64 = 936; 7 m/s: (343 - 64) / 936 = 279 / 936 = 0.298077 (= 31/104).
    const custom = { capacityMw: 1, cutInMs: 4, ratedMs: 10, cutOutMs: 20 };
    expect(powerCurveFraction(custom, 7)).toBeCloseTo(31 / 104, 12);
    expect(powerCurveFraction(custom, 21)).toBe(0);
  });
});

describe('windTurbineOutputMw', () => {
  it('multiplies capacity, curve fraction and availability', () => {
    // 2 MW at 6 m/s: 2 * (1/9) * 0.97 = 1.94 / 9 = 0.215555... MW.
    expect(windTurbineOutputMw(turbine, 6)).toBeCloseTo(1.94 / 9, 12);
    // Rated: 2 * 1 * 0.97 = 1.94 MW.
    expect(windTurbineOutputMw(turbine, 15)).toBeCloseTo(1.94, 12);
    // Availability 1: 2 * 26/63 = 52/63 = 0.825397 MW at 9 m/s.
    expect(windTurbineOutputMw({ capacityMw: 2, availability: 1 }, 9)).toBeCloseTo(52 / 63, 12);
  });

  it('rejects inconsistent parameters and non-finite speeds', () => {
    expect(() => windTurbineOutputMw({ capacityMw: 1, cutInMs: 12, ratedMs: 12 }, 5)).toThrow(RangeError);
    expect(() => windTurbineOutputMw({ capacityMw: 1, ratedMs: 30 }, 5)).toThrow(/cut-out/);
    expect(() => windTurbineOutputMw({ capacityMw: 1, availability: 1.5 }, 5)).toThrow(/availability/);
    expect(() => windTurbineOutputMw({ capacityMw: 1 }, Number.NaN)).toThrow(/speed/);
  });

  it('has the stated defaults', () => {
    expect(WIND_TURBINE_DEFAULTS).toEqual({ cutInMs: 3, ratedMs: 12, cutOutMs: 25, availability: 0.97 });
    expect(resolveWindTurbineParams({ capacityMw: 4 })).toEqual({ capacityMw: 4, ...WIND_TURBINE_DEFAULTS });
  });
});

describe('pickHeight', () => {
  it('chooses the nearest available height, the lower one on a tie', () => {
    expect(pickHeight([100, 120], 100)).toBe(100);
    expect(pickHeight([100, 120], 115)).toBe(120); // 15 vs 5 m away
    expect(pickHeight([120, 100], 110)).toBe(100); // tie: lower
    expect(pickHeight([100, 120], 80)).toBe(100);
    expect(pickHeight([100, 120], 200)).toBe(120);
    expect(pickHeight(new Map([[100, 'a']]).keys(), 140)).toBe(100);
  });

  it('throws when nothing is available', () => {
    expect(() => pickHeight([], 100)).toThrow(/no hub height/);
  });
});

describe('describeWindTurbine', () => {
  it('names the curve, availability and hub height', () => {
    expect(describeWindTurbine({ capacityMw: 2 }, 100)).toBe(
      'wind 2 MW, generic cubic power curve (cut-in 3, rated 12, cut-out 25 m/s), availability 0.97, ' +
        'hub-height wind at 100 m',
    );
    expect(describeWindTurbine({ capacityMw: 2 }, 100, 110)).toContain(
      'hub-height wind at 100 m for a 110 m hub (nearest available height, no shear correction)',
    );
  });
});
