import { describe, expect, it } from 'vitest';
import { describePvModel, PV_DEFAULTS, pvCellTempC, pvOutputMw, resolvePvParams } from './pv-model.ts';

describe('pvCellTempC', () => {
  it('adds (NOCT - 20) / 800 * GHI to the air temperature', () => {
    // NOCT 45: (45 - 20) / 800 = 0.03125 C per W/m2; 800 W/m2 -> +25 C; 20 + 25 = 45 C.
    expect(pvCellTempC(800, 20)).toBeCloseTo(45, 12);
    // Night: no irradiance, cell at air temperature.
    expect(pvCellTempC(0, -3)).toBe(-3);
    // NOCT 50: (50 - 20) / 800 = 0.0375; 400 W/m2 -> +15 C; 10 + 15 = 25 C.
    expect(pvCellTempC(400, 10, 50)).toBeCloseTo(25, 12);
  });
});

describe('pvOutputMw', () => {
  it('applies irradiance, temperature loss and derate (worked example)', () => {
    // 10 MW, GHI 800, Tair 20: Tc = 45; temperature factor 1 - 0.004 * (45 - 25) = 0.92;
    // 10 * 0.8 * 0.92 * 0.86 = 8 * 0.92 * 0.86 = 7.36 * 0.86 = 6.3296 MW.
    expect(pvOutputMw({ capacityMw: 10 }, 800, 20)).toBeCloseTo(6.3296, 10);
  });

  it('gives capacity * derate at STC cell temperature', () => {
    // Tc = 25 needs Tair = 25 - 0.03125 * 1000 = -6.25 C; factor 1; 5 * 1 * 1 * 0.86 = 4.3 MW.
    expect(pvOutputMw({ capacityMw: 5 }, 1000, -6.25)).toBeCloseTo(4.3, 10);
  });

  it('uses the given derate, coefficient and NOCT', () => {
    // 2 MW, derate 0.8, gamma -0.005, NOCT 50, GHI 500, Tair 30:
    // Tc = 30 + 0.0375 * 500 = 48.75; factor 1 - 0.005 * 23.75 = 0.88125;
    // 2 * 0.5 * 0.88125 * 0.8 = 0.705 MW.
    expect(pvOutputMw({ capacityMw: 2, derate: 0.8, tempCoeffPerC: -0.005, noctC: 50 }, 500, 30)).toBeCloseTo(
      0.705,
      10,
    );
  });

  it('clamps to [0, capacity]', () => {
    // derate 1, GHI 1200, Tair -30: Tc = -30 + 37.5 = 7.5; factor 1 + 0.004 * 17.5 = 1.07;
    // 1 * 1.2 * 1.07 = 1.284 MW > 1 MW nameplate -> 1.
    expect(pvOutputMw({ capacityMw: 1, derate: 1 }, 1200, -30)).toBe(1);
    // Night and small negative GHI (some data sets carry them) give 0, never a negative output.
    expect(pvOutputMw({ capacityMw: 1 }, 0, 10)).toBe(0);
    expect(pvOutputMw({ capacityMw: 1 }, -3, 10)).toBe(0);
    // Absurd heat: Tc = 250 + 31.25 = 281.25; factor 1 - 0.004 * 256.25 = -0.025 -> 0.
    expect(pvOutputMw({ capacityMw: 1 }, 1000, 250)).toBe(0);
  });

  it('rejects bad parameters and non-finite weather', () => {
    expect(() => pvOutputMw({ capacityMw: -1 }, 500, 20)).toThrow(RangeError);
    expect(() => pvOutputMw({ capacityMw: 1, derate: 1.2 }, 500, 20)).toThrow(/derate/);
    expect(() => pvOutputMw({ capacityMw: 1 }, Number.NaN, 20)).toThrow(/GHI/);
    expect(() => pvOutputMw({ capacityMw: 1 }, 500, Number.POSITIVE_INFINITY)).toThrow(/temperature/);
  });
});

describe('resolvePvParams', () => {
  it('fills in the PVWatts-style defaults', () => {
    expect(resolvePvParams({ capacityMw: 3 })).toEqual({ capacityMw: 3, ...PV_DEFAULTS });
    expect(PV_DEFAULTS).toEqual({ derate: 0.86, tempCoeffPerC: -0.004, noctC: 45 });
  });
});

describe('describePvModel', () => {
  it('states the derate, the other parameters and the horizontal-plane simplification', () => {
    expect(describePvModel({ capacityMw: 1 })).toBe(
      'PV 1 MWdc, PVWatts-style on GHI as a horizontal-equivalent plane (no tilt or transposition), ' +
        'derate 0.86, temperature coefficient -0.4 %/C, NOCT 45 C',
    );
    expect(describePvModel({ capacityMw: 50, derate: 0.9 })).toContain('derate 0.9,');
  });
});
