import type { Site } from '../../core/fleet/fleet-schema.ts';
import type { DeviceReading, SetpointRecord } from '../../core/ports/storage.ts';

/**
 * Factories for rows that tests seed (contract suite, medium tests of services). Each gives a
 * complete, valid value; pass the fields a test cares about.
 */

/**
 * A valid site with the given id: the value the fleet schema gives for a small ERCOT site, defaults
 * filled in (spelled out, so storage depends on the fleet's types only).
 */
export function siteFixture(id: string, overrides: Partial<Site> = {}): Site {
  return {
    id,
    name: `Site ${id}`,
    region: 'north-america',
    country: 'US',
    timeZone: 'America/Chicago',
    coordinates: { lat: 31.4, lon: -103.5 },
    grid: { importMw: 5, exportMw: 0 },
    supply: [{ kind: 'market', series: 'ercot_rt_hb_west', adderPerMwh: 3.5 }],
    pue: 1.05,
    minerGroups: [
      {
        id: 's21',
        model: 'Antminer S21',
        count: 10,
        firmware: 'antminer-stock',
        underclockEfficiencyExponent: 0.3,
      },
    ],
    gpuNodes: [],
    pool: { name: 'Foundry USA', feePercent: 2 },
    demandResponse: [],
    ...overrides,
  };
}

/** A hashing miner's reading. */
export function minerReading(
  deviceId: string,
  atMs: number,
  overrides: Partial<DeviceReading> = {},
): DeviceReading {
  return {
    deviceId,
    kind: 'miner',
    atMs,
    state: 'hashing',
    hashrateThs: 200,
    powerW: 3500,
    maxTempC: 70,
    utilisation: null,
    ...overrides,
  };
}

/** A busy GPU's reading. */
export function gpuReading(
  deviceId: string,
  atMs: number,
  overrides: Partial<DeviceReading> = {},
): DeviceReading {
  return {
    deviceId,
    kind: 'gpu',
    atMs,
    state: 'busy',
    hashrateThs: null,
    powerW: 700,
    maxTempC: 65,
    utilisation: 0.9,
    ...overrides,
  };
}

/** What `setpoints.issue` takes. */
export type SetpointInput = Omit<
  SetpointRecord,
  'seq' | 'ackedAtMs' | 'ackOk' | 'ackMessage' | 'reachedMiningMw'
>;

/** A setpoint for `siteId` at `issuedAtMs`, valid for 15 minutes. */
export function setpointFixture(
  siteId: string,
  issuedAtMs: number,
  overrides: Partial<SetpointInput> = {},
): SetpointInput {
  return {
    siteId,
    issuedAtMs,
    expiresAtMs: issuedAtMs + 900_000,
    miningMw: 12.5,
    aiMw: 3,
    batteryMw: -1.5,
    curtailed: false,
    reason: 'allocator',
    ...overrides,
  };
}
