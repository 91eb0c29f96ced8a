import type { Fleet } from '../core/fleet/index.ts';
import { scaledCount } from './fleet-sim.ts';

/**
 * Each site's share of its miners' nameplate power that a twin at `scale` emulates. Groups are kept
 * as whole machines (`scaledCount`: rounded, at least one), so a site's share is near `scale` but
 * not equal to it (a group of 1,330 at 1/100 keeps 13, 0.98 %).
 */
export function twinShares(
  fleet: Pick<Fleet, 'sites'>,
  scale: number,
  powerW: (model: string) => number | undefined,
): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const site of fleet.sites) {
    let full = 0;
    let emulated = 0;
    for (const group of site.minerGroups) {
      const watts = powerW(group.model) ?? 0;
      full += group.count * watts;
      emulated += scaledCount(group.count, scale) * watts;
    }
    if (full > 0) shares[site.id] = emulated / full;
  }
  return shares;
}
