import { formatNumber } from './format-number.ts';

/**
 * A PVWatts-style photovoltaic model driven by hourly global horizontal irradiance (GHI) and air
 * temperature.
 *
 * Stated simplification: the array is treated as a fixed plane that receives GHI as it is
 * (horizontal-equivalent). There is no tilt, azimuth, tracking or transposition to plane-of-array
 * irradiance, no angle-of-incidence, spectral or low-light losses, no inverter clipping below DC
 * nameplate and no DC/AC ratio. A tilted or tracking plant at the same site yields more energy.
 *
 *   cell temperature  Tc = Tair + (NOCT - 20) / 800 * GHI                       [deg C]
 *   output            P  = capacity * GHI / 1000 * (1 + gamma * (Tc - 25)) * derate   [MW]
 *
 * clamped to [0, capacity].
 */
export interface PvParams {
  /** DC nameplate at STC (1000 W/m2, 25 deg C cell), MW. */
  readonly capacityMw: number;
  /** System losses factor, 0-1 (soiling, wiring, mismatch, inverter, availability). Default 0.86. */
  readonly derate?: number;
  /** Power temperature coefficient gamma, per deg C (negative for silicon). Default -0.004. */
  readonly tempCoeffPerC?: number;
  /** Nominal operating cell temperature, deg C. Default 45. */
  readonly noctC?: number;
}

/** PV parameters with every default filled in and checked. */
export interface ResolvedPvParams {
  readonly capacityMw: number;
  readonly derate: number;
  readonly tempCoeffPerC: number;
  readonly noctC: number;
}

export const PV_DEFAULTS = { derate: 0.86, tempCoeffPerC: -0.004, noctC: 45 } as const;

/** Fills in defaults and checks ranges. Throws RangeError on a bad parameter. */
export function resolvePvParams(params: PvParams): ResolvedPvParams {
  const resolved: ResolvedPvParams = {
    capacityMw: params.capacityMw,
    derate: params.derate ?? PV_DEFAULTS.derate,
    tempCoeffPerC: params.tempCoeffPerC ?? PV_DEFAULTS.tempCoeffPerC,
    noctC: params.noctC ?? PV_DEFAULTS.noctC,
  };
  if (!Number.isFinite(resolved.capacityMw) || resolved.capacityMw < 0) {
    throw new RangeError(`PV capacityMw must be a finite number >= 0, got ${resolved.capacityMw}`);
  }
  if (!Number.isFinite(resolved.derate) || resolved.derate < 0 || resolved.derate > 1) {
    throw new RangeError(`PV derate must be between 0 and 1, got ${resolved.derate}`);
  }
  if (!Number.isFinite(resolved.tempCoeffPerC)) {
    throw new RangeError(`PV tempCoeffPerC must be finite, got ${resolved.tempCoeffPerC}`);
  }
  if (!Number.isFinite(resolved.noctC))
    throw new RangeError(`PV noctC must be finite, got ${resolved.noctC}`);
  return resolved;
}

/** Cell temperature by the NOCT model: Tc = Tair + (NOCT - 20) / 800 * GHI, deg C. */
export function pvCellTempC(ghiWm2: number, tempAirC: number, noctC: number = PV_DEFAULTS.noctC): number {
  return tempAirC + ((noctC - 20) / 800) * ghiWm2;
}

/**
 * Plant output in MW for one hour of GHI (W/m2) and air temperature (deg C), clamped to
 * [0, capacityMw]. Throws RangeError on non-finite weather.
 */
export function pvOutputMw(params: PvParams, ghiWm2: number, tempAirC: number): number {
  const p = resolvePvParams(params);
  if (!Number.isFinite(ghiWm2)) throw new RangeError(`GHI must be finite, got ${ghiWm2}`);
  if (!Number.isFinite(tempAirC)) throw new RangeError(`air temperature must be finite, got ${tempAirC}`);
  const cellC = pvCellTempC(ghiWm2, tempAirC, p.noctC);
  const raw = p.capacityMw * (ghiWm2 / 1000) * (1 + p.tempCoeffPerC * (cellC - 25)) * p.derate;
  return Math.min(p.capacityMw, Math.max(0, raw));
}

/** One line naming the model and every parameter, the derate included. */
export function describePvModel(params: PvParams): string {
  const p = resolvePvParams(params);
  return (
    `PV ${formatNumber(p.capacityMw)} MWdc, PVWatts-style on GHI as a horizontal-equivalent plane ` +
    `(no tilt or transposition), derate ${formatNumber(p.derate)}, ` +
    `temperature coefficient ${formatNumber(p.tempCoeffPerC * 100)} %/C, NOCT ${formatNumber(p.noctC)} C`
  );
}
