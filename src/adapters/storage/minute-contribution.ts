import type { DeviceReading } from '../../core/ports/storage.ts';
import { minuteStart, UP_STATES } from './telemetry-time.ts';

/**
 * What one reading adds to its minute's aggregate, given the device's newest stored reading.
 * The aggregates are kept incrementally, so no raw readings are stored: a device counts once per
 * minute with its last reading in it.
 *   - `add`: the stored reading is from another minute (or none): the reading adds its values.
 *   - `replace`: a newer reading of the same minute: it replaces the stored one's values.
 *   - `ignore`: an older reading of the same minute: it only counts as a reading (and its temperature).
 */
export type ContributionMode = 'add' | 'replace' | 'ignore';

export function contributionMode(
  stored: Pick<DeviceReading, 'atMs'> | undefined,
  reading: DeviceReading,
): ContributionMode {
  if (!stored || minuteStart(stored.atMs) !== minuteStart(reading.atMs)) return 'add';
  return reading.atMs > stored.atMs ? 'replace' : 'ignore';
}

export interface MinuteDelta {
  hashrateThs: number;
  miningPowerW: number;
  aiPowerW: number;
  devicesUp: number;
  devicesDown: number;
}

/** The change a reading makes to its minute, given its mode and the stored reading it may replace. */
export function minuteDelta(
  mode: ContributionMode,
  reading: DeviceReading,
  stored: DeviceReading | undefined,
): MinuteDelta {
  const delta = { hashrateThs: 0, miningPowerW: 0, aiPowerW: 0, devicesUp: 0, devicesDown: 0 };
  if (mode === 'ignore') return delta;
  const apply = (r: DeviceReading, sign: 1 | -1) => {
    delta.hashrateThs += sign * (r.hashrateThs ?? 0);
    if (r.kind === 'miner') delta.miningPowerW += sign * (r.powerW ?? 0);
    else delta.aiPowerW += sign * (r.powerW ?? 0);
    if (UP_STATES.has(r.state)) delta.devicesUp += sign;
    else delta.devicesDown += sign;
  };
  apply(reading, 1);
  if (mode === 'replace' && stored) apply(stored, -1);
  return delta;
}
