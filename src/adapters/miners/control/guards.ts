import { PowerTargetOutOfRangeError } from '../errors/power-target-out-of-range-error.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { MinerCapabilities } from '../miner-client.ts';

/** Throws `UnsupportedCommandError` when the miner cannot sleep/wake. Call before sending anything. */
export function assertCanSleep(
  capabilities: MinerCapabilities,
  where: string,
  command: 'sleep' | 'wake',
): void {
  if (!capabilities.canSleep) {
    throw new UnsupportedCommandError(where, command, capabilities.notes.join('; ') || 'not supported');
  }
}

/**
 * Throws `UnsupportedCommandError` when the miner takes no power target, and
 * `PowerTargetOutOfRangeError` when `watts` is not a positive finite number or lies outside the known
 * range. An unknown bound (`null`) is left to the firmware; the read-back shows what it did.
 */
export function assertPowerTargetAllowed(
  capabilities: MinerCapabilities,
  where: string,
  watts: number,
): void {
  if (!capabilities.canSetPowerTarget) {
    throw new UnsupportedCommandError(
      where,
      'set a power target',
      capabilities.notes.join('; ') || 'not supported',
    );
  }
  const { minPowerW, maxPowerW } = capabilities;
  if (
    !Number.isFinite(watts) ||
    watts <= 0 ||
    (minPowerW !== null && watts < minPowerW) ||
    (maxPowerW !== null && watts > maxPowerW)
  ) {
    throw new PowerTargetOutOfRangeError(where, watts, minPowerW, maxPowerW);
  }
}

/** The capabilities of a firmware that can be read but not curtailed (no sleep, wake or power target). */
export function readOnlyCapabilities(note: string): MinerCapabilities {
  return {
    canSleep: false,
    canSetPowerTarget: false,
    minPowerW: null,
    maxPowerW: null,
    powerRangeSource: null,
    notes: [note],
  };
}
