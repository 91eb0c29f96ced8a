import type {
  DeviceReading,
  SiteMinute,
  TelemetryBatch,
  TelemetryRepository,
} from '../../core/ports/storage.ts';
import { addMinute, hourAsSiteMinute, maxOrNull } from './hour-sums.ts';
import { byText, copy, getOrCreate, type MemoryState } from './memory-state.ts';
import { hourStart, minuteStart, UP_STATES } from './telemetry-time.ts';

/** In-memory TelemetryRepository with the aggregation rules of SqlTelemetryRepository. */
export class MemoryTelemetryRepository implements TelemetryRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async ingest(batch: TelemetryBatch): Promise<boolean> {
    const state = this.#state;
    if (state.batches.has(batch.batchId)) return false;
    state.batches.set(batch.batchId, batch.sentAtMs);
    const byMinute = getOrCreate(state.readings, batch.siteId, () => new Map());
    const latest = getOrCreate(state.latest, batch.siteId, () => new Map());
    const touched = new Set<number>();
    for (const reading of batch.readings) {
      const minuteMs = minuteStart(reading.atMs);
      touched.add(minuteMs);
      const minute = getOrCreate(byMinute, minuteMs, () => new Map());
      const key = `${reading.deviceId}@${reading.atMs}`;
      if (!minute.has(key)) minute.set(key, copy(reading));
      const newest = latest.get(reading.deviceId);
      if (newest === undefined || newest.atMs < reading.atMs) latest.set(reading.deviceId, copy(reading));
    }
    const minutes = getOrCreate(state.minutes, batch.siteId, () => new Map());
    for (const minuteMs of touched) {
      minutes.set(minuteMs, aggregate(batch.siteId, minuteMs, [...byMinute.get(minuteMs)!.values()]));
    }
    return true;
  }

  async latest(siteId: string): Promise<DeviceReading[]> {
    const latest = this.#state.latest.get(siteId);
    return [...(latest?.values() ?? [])].sort((a, b) => byText(a.deviceId, b.deviceId)).map(copy);
  }

  async minutes(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]> {
    return [...(this.#state.minutes.get(siteId)?.values() ?? [])]
      .filter((minute) => minute.minuteMs >= fromMs && minute.minuteMs < toMs)
      .sort((a, b) => a.minuteMs - b.minuteMs)
      .map(copy);
  }

  async hours(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]> {
    return [...(this.#state.hours.get(siteId)?.entries() ?? [])]
      .filter(([hourMs]) => hourMs >= fromMs && hourMs < toMs)
      .sort(([a], [b]) => a - b)
      .map(([hourMs, sums]) => hourAsSiteMinute(siteId, hourMs, sums));
  }

  async compact(
    nowMs: number,
    minuteRetentionMs: number,
    hourRetentionMs: number,
  ): Promise<{ minutesCompacted: number; hoursDeleted: number }> {
    const state = this.#state;
    const minuteCutoff = nowMs - minuteRetentionMs;
    const hourCutoff = nowMs - hourRetentionMs;
    let hoursDeleted = 0;
    for (const hours of state.hours.values()) {
      for (const hourMs of [...hours.keys()]) {
        if (hourMs < hourCutoff) {
          hours.delete(hourMs);
          hoursDeleted++;
        }
      }
    }
    let minutesCompacted = 0;
    for (const [siteId, minutes] of state.minutes) {
      const hours = getOrCreate(state.hours, siteId, () => new Map());
      for (const [minuteMs, minute] of [...minutes]) {
        if (minuteMs >= minuteCutoff) continue;
        minutes.delete(minuteMs);
        minutesCompacted++;
        const hourMs = hourStart(minuteMs);
        if (hourMs >= hourCutoff) hours.set(hourMs, addMinute(hours.get(hourMs), minute));
      }
    }
    for (const byMinute of state.readings.values()) {
      for (const minuteMs of [...byMinute.keys()]) if (minuteMs < minuteCutoff) byMinute.delete(minuteMs);
    }
    const batchCutoff = Math.min(minuteCutoff, hourCutoff);
    for (const [batchId, sentAtMs] of [...state.batches])
      if (sentAtMs < batchCutoff) state.batches.delete(batchId);
    return { minutesCompacted, hoursDeleted };
  }
}

/** A minute's aggregate from all its readings: each device's last reading counts once. */
function aggregate(siteId: string, minuteMs: number, readings: readonly DeviceReading[]): SiteMinute {
  const newest = new Map<string, DeviceReading>();
  let maxTempC: number | null = null;
  for (const reading of readings) {
    const seen = newest.get(reading.deviceId);
    if (seen === undefined || seen.atMs < reading.atMs) newest.set(reading.deviceId, reading);
    maxTempC = maxOrNull(maxTempC, reading.maxTempC);
  }
  let hashrateThs = 0;
  let miningPowerW = 0;
  let aiPowerW = 0;
  let devicesUp = 0;
  for (const reading of newest.values()) {
    hashrateThs += reading.hashrateThs ?? 0;
    if (reading.kind === 'miner') miningPowerW += reading.powerW ?? 0;
    else aiPowerW += reading.powerW ?? 0;
    if (UP_STATES.has(reading.state)) devicesUp++;
  }
  return {
    siteId,
    minuteMs,
    hashrateThs,
    miningPowerW,
    aiPowerW,
    maxTempC,
    devicesUp,
    devicesDown: newest.size - devicesUp,
    readings: readings.length,
  };
}
