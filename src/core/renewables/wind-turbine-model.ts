import { formatNumber } from './format-number.ts';

/**
 * A generic wind-turbine power curve from hub-height wind speed (m/s):
 *
 *   v <  cut-in               0
 *   cut-in <= v < rated       (v^3 - vin^3) / (vr^3 - vin^3)
 *   rated <= v <= cut-out     1
 *   v >  cut-out              0   (storm shutdown; no hysteresis)
 *
 * times capacity and an availability factor. Air density, turbulence, wake and shear are not
 * modelled; the speed is used as given at the hub height chosen by `pickHeight`.
 *
 * Note: the `...Ms` speed parameters are metres per second (as in `HubHeightWind.speedByHeightMs`),
 * not milliseconds.
 */
export interface WindTurbineParams {
  /** Nameplate, MW. */
  readonly capacityMw: number;
  /** Cut-in speed, m/s. Default 3. */
  readonly cutInMs?: number;
  /** Rated speed, m/s. Default 12. */
  readonly ratedMs?: number;
  /** Cut-out speed, m/s. Default 25. */
  readonly cutOutMs?: number;
  /** Fraction of time the turbine can run, 0-1 (downtime and other losses). Default 0.97. */
  readonly availability?: number;
}

/** Turbine parameters with every default filled in and checked. */
export interface ResolvedWindTurbineParams {
  readonly capacityMw: number;
  readonly cutInMs: number;
  readonly ratedMs: number;
  readonly cutOutMs: number;
  readonly availability: number;
}

export const WIND_TURBINE_DEFAULTS = { cutInMs: 3, ratedMs: 12, cutOutMs: 25, availability: 0.97 } as const;

/** Fills in defaults and checks ranges (0 <= cut-in < rated <= cut-out). Throws RangeError. */
export function resolveWindTurbineParams(params: WindTurbineParams): ResolvedWindTurbineParams {
  const p: ResolvedWindTurbineParams = {
    capacityMw: params.capacityMw,
    cutInMs: params.cutInMs ?? WIND_TURBINE_DEFAULTS.cutInMs,
    ratedMs: params.ratedMs ?? WIND_TURBINE_DEFAULTS.ratedMs,
    cutOutMs: params.cutOutMs ?? WIND_TURBINE_DEFAULTS.cutOutMs,
    availability: params.availability ?? WIND_TURBINE_DEFAULTS.availability,
  };
  if (!Number.isFinite(p.capacityMw) || p.capacityMw < 0) {
    throw new RangeError(`wind capacityMw must be a finite number >= 0, got ${p.capacityMw}`);
  }
  if (!Number.isFinite(p.availability) || p.availability < 0 || p.availability > 1) {
    throw new RangeError(`wind availability must be between 0 and 1, got ${p.availability}`);
  }
  const speedsOk =
    Number.isFinite(p.cutInMs) &&
    Number.isFinite(p.ratedMs) &&
    Number.isFinite(p.cutOutMs) &&
    p.cutInMs >= 0 &&
    p.cutInMs < p.ratedMs &&
    p.ratedMs <= p.cutOutMs;
  if (!speedsOk) {
    throw new RangeError(
      `wind speeds must satisfy 0 <= cut-in < rated <= cut-out, got ${p.cutInMs}, ${p.ratedMs}, ${p.cutOutMs} m/s`,
    );
  }
  return p;
}

/** Power-curve fraction of nameplate (0-1) at hub-height speed `speedMs`, before availability. */
export function powerCurveFraction(params: WindTurbineParams, speedMs: number): number {
  const p = resolveWindTurbineParams(params);
  if (!Number.isFinite(speedMs)) throw new RangeError(`wind speed must be finite, got ${speedMs}`);
  if (speedMs < p.cutInMs || speedMs > p.cutOutMs) return 0;
  if (speedMs >= p.ratedMs) return 1;
  const cutInCubed = p.cutInMs ** 3;
  return (speedMs ** 3 - cutInCubed) / (p.ratedMs ** 3 - cutInCubed);
}

/** Turbine output in MW: capacity * power-curve fraction * availability. */
export function windTurbineOutputMw(params: WindTurbineParams, speedMs: number): number {
  const p = resolveWindTurbineParams(params);
  return p.capacityMw * powerCurveFraction(p, speedMs) * p.availability;
}

/**
 * The available hub height nearest to `wantedM`; on a tie (e.g. 110 m between 100 m and 120 m)
 * the lower one, which is the conservative choice because speed grows with height.
 * Throws RangeError when no height is available.
 */
export function pickHeight(availableM: Iterable<number>, wantedM: number): number {
  let best: number | undefined;
  for (const height of availableM) {
    if (best === undefined) {
      best = height;
      continue;
    }
    const distance = Math.abs(height - wantedM);
    const bestDistance = Math.abs(best - wantedM);
    if (distance < bestDistance || (distance === bestDistance && height < best)) best = height;
  }
  if (best === undefined) throw new RangeError(`no hub height available (wanted ${wantedM} m)`);
  return best;
}

/**
 * One line naming the curve, its parameters and the hub height used. When `wantedHubHeightM`
 * differs from `hubHeightM`, says that the nearest available height was used without shear correction.
 */
export function describeWindTurbine(
  params: WindTurbineParams,
  hubHeightM: number,
  wantedHubHeightM: number = hubHeightM,
): string {
  const p = resolveWindTurbineParams(params);
  const height =
    wantedHubHeightM === hubHeightM
      ? `hub-height wind at ${formatNumber(hubHeightM)} m`
      : `hub-height wind at ${formatNumber(hubHeightM)} m for a ${formatNumber(wantedHubHeightM)} m hub ` +
        '(nearest available height, no shear correction)';
  return (
    `wind ${formatNumber(p.capacityMw)} MW, generic cubic power curve ` +
    `(cut-in ${formatNumber(p.cutInMs)}, rated ${formatNumber(p.ratedMs)}, cut-out ${formatNumber(p.cutOutMs)} m/s), ` +
    `availability ${formatNumber(p.availability)}, ${height}`
  );
}
