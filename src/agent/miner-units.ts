import type { MinerUnit } from './dispatch.ts';
import type { SiteSnapshot } from './site-snapshot.ts';

/** The snapshot's miners as dispatch sees them. */
export interface DispatchView {
  /** Miners the agent can plan with: they answered, have a nameplate and can sleep. */
  readonly units: readonly MinerUnit[];
  /**
   * W drawn by miners that answered but cannot be planned with (no nameplate, cannot sleep, or
   * faulted): part of the setpoint goes to them whatever the agent does.
   */
  readonly uncontrolledW: number;
  /** Miners that did not answer this tick. */
  readonly downIds: readonly string[];
}

export interface DispatchViewOptions {
  /** Fleet-file default 0.3: how much J/TH improves when a miner is underclocked. */
  readonly underclockEfficiencyExponent: number;
  /**
   * Miners woken recently enough that `faulted` (firmware up, no hashrate yet) means "warming up":
   * they count as hashing so that the next tick does not wake another miner in their place.
   */
  readonly warmingUp: ReadonlySet<string>;
}

/**
 * Maps a snapshot to dispatch units. A miner's group is its model, firmware dialect, nameplate
 * and power-target range, so the dispatch's per-group figures hold for every member. The range
 * is capped at the nameplate (no overclocking).
 */
export function dispatchView(snapshot: SiteSnapshot, options: DispatchViewOptions): DispatchView {
  const units: MinerUnit[] = [];
  const downIds: string[] = [];
  let uncontrolledW = 0;
  for (const sample of snapshot.miners) {
    const observation = sample.observation;
    if (observation === null) {
      downIds.push(sample.id);
      continue;
    }
    const { reading, capabilities, nameplate } = observation;
    const warmingUp = reading.state === 'faulted' && options.warmingUp.has(sample.id);
    if (nameplate === null || !capabilities.canSleep || (reading.state === 'faulted' && !warmingUp)) {
      uncontrolledW += reading.powerW ?? 0;
      continue;
    }
    const maxW = Math.min(capabilities.maxPowerW ?? nameplate.powerW, nameplate.powerW);
    const minW = capabilities.minPowerW;
    const range =
      capabilities.canSetPowerTarget && minW !== null && minW > 0 && minW < maxW ? { minW, maxW } : undefined;
    units.push({
      id: sample.id,
      groupId: [
        reading.model ?? 'unknown model',
        reading.dialect,
        `${nameplate.powerW} W`,
        range ? `${range.minW}-${range.maxW} W` : 'no target',
      ].join(' / '),
      nameplateW: nameplate.powerW,
      nameplateThs: nameplate.hashrateThs,
      ...(range ? { powerTargetW: range } : {}),
      underclockEfficiencyExponent: options.underclockEfficiencyExponent,
      hashing: reading.state === 'hashing' || warmingUp,
      ...(reading.powerTargetW !== null && range ? { currentTargetW: reading.powerTargetW } : {}),
      available: true,
    });
  }
  return { units, uncontrolledW, downIds };
}

/**
 * The snapshot's miners for an emergency curtailment: every miner that answered and can sleep,
 * counted as hashing unless it already sleeps or is off (a faulted miner is told to sleep too: it
 * may still draw power), or unless it was told to wake since (`wokenSince`: the snapshot may be
 * older than the last wave). No nameplate is needed.
 */
export function curtailView(
  snapshot: SiteSnapshot,
  wokenSince: ReadonlySet<string> = new Set(),
): MinerUnit[] {
  const units: MinerUnit[] = [];
  for (const sample of snapshot.miners) {
    const observation = sample.observation;
    if (observation === null || !observation.capabilities.canSleep) continue;
    const state = observation.reading.state;
    units.push({
      id: sample.id,
      groupId: 'all',
      nameplateW: observation.nameplate?.powerW ?? 1,
      nameplateThs: observation.nameplate?.hashrateThs ?? 0,
      underclockEfficiencyExponent: 0,
      hashing: state === 'hashing' || state === 'faulted' || wokenSince.has(sample.id),
      available: true,
    });
  }
  return units;
}
