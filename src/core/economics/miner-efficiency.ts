/** What a miner does at a power target: power at the wall and the hashrate it yields. */
export interface MinerOperatingPoint {
  readonly powerW: number;
  readonly hashrateThs: number;
  /** J/TH at this point. */
  readonly efficiencyJPerTh: number;
}

export interface MinerSpec {
  /** Nameplate hashrate, TH/s. */
  readonly hashrateThs: number;
  /** Nameplate power, W. */
  readonly powerW: number;
  /** J/TH scales with (power / nameplate)^exponent when underclocked (0 = flat efficiency). */
  readonly underclockEfficiencyExponent: number;
}

/**
 * Hashrate at a power target. Efficiency (J/TH) scales as (p / P)^a, so hashrate scales as
 * (p / P)^(1 - a): at a lower power target each joule buys more hashes.
 */
export function operatingPointAt(spec: MinerSpec, powerW: number): MinerOperatingPoint {
  if (!(powerW > 0)) throw new RangeError(`powerW must be > 0, got ${powerW}`);
  const ratio = powerW / spec.powerW;
  const hashrateThs = spec.hashrateThs * ratio ** (1 - spec.underclockEfficiencyExponent);
  return { powerW, hashrateThs, efficiencyJPerTh: powerW / hashrateThs };
}
