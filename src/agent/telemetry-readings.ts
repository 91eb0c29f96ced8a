import type { MinerReading } from '../adapters/miners/index.ts';
import type { DeviceReading, TelemetryBatch } from '../core/ports/storage.ts';
import type { GpuSample, MinerSample, SiteSnapshot } from './site-snapshot.ts';

/**
 * A miner sample as a telemetry reading. A miner that did not answer is `unknown` with every
 * figure null: a down device is never reported as drawing 0 W. Figures a miner reported as
 * negative or not finite are null too (the telemetry schema refuses them).
 */
export function minerDeviceReading(sample: MinerSample, snapshotMs: number): DeviceReading {
  const reading = sample.observation?.reading;
  if (reading === undefined) return unknownReading(sample.id, 'miner', snapshotMs);
  return {
    deviceId: sample.id,
    kind: 'miner',
    // The agent's clock, not the miner client's: every reading of a poll is stamped with the poll's
    // time, so telemetry and setpoints share one time base (the demo's replayed clock too).
    atMs: epochMs(snapshotMs, snapshotMs),
    state: reading.state,
    hashrateThs: nonNegative(reading.hashrate5sThs ?? reading.hashrateAvgThs),
    powerW: nonNegative(reading.powerW),
    maxTempC: maxTempOf(reading),
    utilisation: null,
  };
}

/** A GPU node sample as a telemetry reading: `busy` with workloads (or visible load), else `idle`. */
export function gpuDeviceReading(sample: GpuSample, snapshotMs: number): DeviceReading {
  const reading = sample.reading;
  if (reading === null) return unknownReading(sample.id, 'gpu', snapshotMs);
  const utilisation = finite(reading.utilisation);
  return {
    deviceId: sample.id,
    kind: 'gpu',
    atMs: epochMs(snapshotMs, snapshotMs),
    state: reading.workloads.length > 0 || (utilisation ?? 0) > 0.05 ? 'busy' : 'idle',
    hashrateThs: null,
    powerW: nonNegative(reading.powerW),
    maxTempC: finite(reading.maxTempC),
    utilisation: utilisation === null ? null : Math.min(1, Math.max(0, utilisation)),
  };
}

/**
 * The snapshot as telemetry batches: one batch (id `${siteId}-${stampMs}`) unless the site has
 * more than `maxReadings` devices, then parts `${siteId}-${stampMs}-p1`, `-p2`, ... so that no
 * message comes near the broker's size limit.
 */
export function telemetryBatches(
  siteId: string,
  snapshot: SiteSnapshot,
  stampMs: number,
  maxReadings: number,
): TelemetryBatch[] {
  const readings = [
    ...snapshot.miners.map((sample) => minerDeviceReading(sample, snapshot.takenAtMs)),
    ...snapshot.gpus.map((sample) => gpuDeviceReading(sample, snapshot.takenAtMs)),
  ];
  const size = Math.max(1, Math.floor(maxReadings));
  const parts = Math.max(1, Math.ceil(readings.length / size));
  const sentAtMs = epochMs(snapshot.takenAtMs, 0);
  return Array.from({ length: parts }, (_, i) => ({
    siteId,
    batchId: parts === 1 ? `${siteId}-${stampMs}` : `${siteId}-${stampMs}-p${i + 1}`,
    sentAtMs,
    readings: readings.slice(i * size, (i + 1) * size),
    ...(i === 0 && snapshot.meter !== undefined
      ? {
          meter: snapshot.meter.reading,
          ...(snapshot.meter.error !== null ? { meterError: snapshot.meter.error } : {}),
        }
      : {}),
  }));
}

function unknownReading(deviceId: string, kind: DeviceReading['kind'], atMs: number): DeviceReading {
  return {
    deviceId,
    kind,
    atMs: epochMs(atMs, 0),
    state: 'unknown',
    hashrateThs: null,
    powerW: null,
    maxTempC: null,
    utilisation: null,
  };
}

function maxTempOf(reading: MinerReading): number | null {
  let max: number | null = null;
  for (const board of reading.boards ?? []) {
    for (const value of [board.chipTempC, board.boardTempC]) {
      if (value !== null && Number.isFinite(value) && (max === null || value > max)) max = value;
    }
  }
  return max;
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function nonNegative(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}

function epochMs(value: number, fallback: number): number {
  const rounded = Math.round(value);
  return Number.isFinite(rounded) && rounded >= 0 ? rounded : Math.max(0, Math.round(fallback));
}
