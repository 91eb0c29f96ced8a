import type { MinerConfig } from '../miner-config.ts';

/** One LuxOS tuning profile of an emulated model. */
export interface LuxProfileSpec {
  /** `290MHz`-style name. */
  readonly name: string;
  /** W the profile draws. */
  readonly watts: number;
  /** TH/s the profile makes. */
  readonly hashrateThs: number;
  readonly frequencyMhz: number;
  readonly voltage: number;
  readonly step: string;
}

const PROFILE_COUNT = 9;
/** Chip clock at the nameplate, MHz. */
export const NAMEPLATE_FREQUENCY_MHZ = 525;
const cache = new WeakMap<MinerConfig, readonly LuxProfileSpec[]>();

/**
 * The profiles LuxOS lists for the model: nine steps evenly spread over the power range (the nameplate
 * power always one of them when it lies inside), hashrate on the miner's curve. Shared by every miner
 * of one config.
 */
export function luxProfiles(config: MinerConfig): readonly LuxProfileSpec[] {
  const cached = cache.get(config);
  if (cached) return cached;
  const { minW, maxW } = config.powerRangeW;
  const { powerW, hashrateThs, efficiencyExponent } = config.spec;
  const watts: number[] = [];
  for (let i = 0; i < PROFILE_COUNT; i += 1) {
    watts.push(Math.round(minW + ((maxW - minW) * i) / (PROFILE_COUNT - 1)));
  }
  const nameplate = Math.round(powerW);
  if (nameplate >= minW && nameplate <= maxW && !watts.includes(nameplate)) {
    let nearest = 0;
    for (let i = 1; i < watts.length; i += 1) {
      if (Math.abs(watts[i]! - nameplate) < Math.abs(watts[nearest]! - nameplate)) nearest = i;
    }
    watts[nearest] = nameplate;
  }
  const unique = [...new Set(watts)].sort((a, b) => a - b);
  const names = new Set<string>();
  const defaultIndex = unique.indexOf(Math.min(nameplate, Math.round(maxW)));
  const profiles = unique.map((w, i) => {
    const factor = (w / powerW) ** (1 - efficiencyExponent);
    let frequency = Math.round((NAMEPLATE_FREQUENCY_MHZ * factor) / 5) * 5;
    while (names.has(`${frequency}MHz`)) frequency += 1;
    names.add(`${frequency}MHz`);
    return {
      name: `${frequency}MHz`,
      watts: w,
      hashrateThs: Math.round(hashrateThs * factor * 10) / 10,
      frequencyMhz: frequency,
      voltage: Math.round((11.9 + 1.6 * Math.max(0, factor - 0.5)) * 100) / 100,
      step: String(i - (defaultIndex < 0 ? unique.length - 1 : defaultIndex)),
    };
  });
  cache.set(config, profiles);
  return profiles;
}

/** The profile a power target corresponds to: the one with those watts, else the most watts not above it. */
export function profileForTarget(profiles: readonly LuxProfileSpec[], watts: number): LuxProfileSpec | null {
  let best: LuxProfileSpec | null = null;
  for (const profile of profiles) {
    if (profile.watts <= watts + 0.5 && (best === null || profile.watts > best.watts)) best = profile;
  }
  return best ?? profiles[0] ?? null;
}
