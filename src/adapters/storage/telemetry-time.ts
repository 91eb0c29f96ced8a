import type { DeviceState } from '../../core/ports/storage.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** States in which a device counts as up in the per-minute aggregates; every other state is down. */
export const UP_STATES: ReadonlySet<DeviceState> = new Set<DeviceState>(['hashing', 'busy', 'idle']);

/** Start of the UTC minute containing `atMs`. */
export function minuteStart(atMs: number): number {
  return Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
}

/** Start of the UTC hour containing `atMs`. */
export function hourStart(atMs: number): number {
  return Math.floor(atMs / HOUR_MS) * HOUR_MS;
}
