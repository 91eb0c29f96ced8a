import type { LuxProfile } from './parse-luxos.ts';

/** The profile with the most watts not above `targetW`; `null` when every profile draws more. */
export function pickProfile(profiles: readonly LuxProfile[], targetW: number): LuxProfile | null {
  let best: LuxProfile | null = null;
  for (const profile of profiles) {
    if (profile.watts <= targetW && (best === null || profile.watts > best.watts)) best = profile;
  }
  return best;
}
