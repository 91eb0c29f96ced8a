import type {
  DeviceReading,
  SiteMinute,
  TelemetryBatch,
  TelemetryRepository,
} from '../../core/ports/storage.ts';
import { addMinute, hourAsSiteMinute, maxOrNull } from './hour-sums.ts';
import { byText, copy, getOrCreate, type MemoryState } from './memory-state.ts';
import { contributionMode, minuteDelta } from './minute-contribution.ts';
import { hourStart, minuteStart } from './telemetry-time.ts';

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
    const latest = getOrCreate(state.latest, batch.siteId, () => new Map());
    const minutes = getOrCreate(state.minutes, batch.siteId, () => new Map());
    // Readings in time order, so a device's later reading in the batch replaces its earlier one.
    const ordered = [...batch.readings].sort((a, b) => a.atMs - b.atMs);
    for (const reading of ordered) {
      const minuteMs = minuteStart(reading.atMs);
      const stored = latest.get(reading.deviceId);
      const mode = contributionMode(stored, reading);
      const delta = minuteDelta(mode, reading, stored);
      const minute = minutes.get(minuteMs) ?? emptyMinute(batch.siteId, minuteMs);
      minutes.set(minuteMs, {
        ...minute,
        hashrateThs: minute.hashrateThs + delta.hashrateThs,
        miningPowerW: minute.miningPowerW + delta.miningPowerW,
        aiPowerW: minute.aiPowerW + delta.aiPowerW,
        devicesUp: minute.devicesUp + delta.devicesUp,
        devicesDown: minute.devicesDown + delta.devicesDown,
        maxTempC: maxOrNull(minute.maxTempC, reading.maxTempC),
        readings: minute.readings + 1,
      });
      if (stored === undefined || stored.atMs < reading.atMs) latest.set(reading.deviceId, copy(reading));
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
    const batchCutoff = Math.min(minuteCutoff, hourCutoff);
    for (const [batchId, sentAtMs] of [...state.batches])
      if (sentAtMs < batchCutoff) state.batches.delete(batchId);
    return { minutesCompacted, hoursDeleted };
  }
}

function emptyMinute(siteId: string, minuteMs: number): SiteMinute {
  return {
    siteId,
    minuteMs,
    hashrateThs: 0,
    miningPowerW: 0,
    aiPowerW: 0,
    maxTempC: null,
    devicesUp: 0,
    devicesDown: 0,
    readings: 0,
  };
}
