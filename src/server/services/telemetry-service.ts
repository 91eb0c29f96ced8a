import type { DeviceReading, SiteMinute, Storage, TelemetryBatch } from '../../core/ports/storage.ts';
import type { ServerMetrics } from '../plugins/metrics.ts';

/** Telemetry ingest from agents (over the broker or HTTP): idempotent per batch, counted. */
export class TelemetryService {
  constructor(
    private readonly storage: Storage,
    private readonly metrics: ServerMetrics,
  ) {}

  async ingest(batch: TelemetryBatch): Promise<boolean> {
    const stored = await this.storage.telemetry.ingest(batch);
    this.metrics.batchesIngested.inc({ result: stored ? 'stored' : 'duplicate' });
    if (stored) this.metrics.readingsIngested.inc(batch.readings.length);
    return stored;
  }

  /** The latest reading of every device of a site. */
  latest(siteId: string): Promise<DeviceReading[]> {
    return this.storage.telemetry.latest(siteId);
  }

  /** A site's per-minute aggregates in [fromMs, toMs). */
  minutes(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]> {
    return this.storage.telemetry.minutes(siteId, fromMs, toMs);
  }
}
