import type { DeviceReading, SiteMinute, Storage, TelemetryBatch } from '../../core/ports/storage.ts';
import type { ServerMetrics } from '../plugins/metrics.ts';
import { TwinScale } from './twin-scale.ts';

/** Telemetry ingest from agents (over the broker or HTTP): idempotent per batch, counted. */
export class TelemetryService {
  constructor(
    private readonly storage: Storage,
    private readonly metrics: ServerMetrics,
    private readonly twin: TwinScale = new TwinScale(undefined),
  ) {}

  /** Stores the batch's meter reading; a meter that did not answer raises `meter.silent` (resolved by the next reading). */
  async #meter(batch: TelemetryBatch): Promise<void> {
    if (batch.meter) {
      await this.storage.energy.recordMeter(batch.siteId, batch.meter);
      await this.storage.alerts.resolve('meter.silent', batch.siteId, batch.meter.atMs);
    } else if (batch.meter === null) {
      await this.storage.alerts.raise({
        atMs: batch.sentAtMs,
        siteId: batch.siteId,
        severity: 'warning',
        kind: 'meter.silent',
        message: `site meter not read: ${batch.meterError ?? 'no reading'}; energy falls back to the sum of device power (labelled)`,
      });
    }
  }

  async ingest(batch: TelemetryBatch): Promise<boolean> {
    const stored = await this.storage.telemetry.ingest(batch);
    this.metrics.batchesIngested.inc({ result: stored ? 'stored' : 'duplicate' });
    if (stored) this.metrics.readingsIngested.inc(batch.readings.length);
    if (stored) await this.#meter(batch);
    return stored;
  }

  /** The latest reading of every device of a site. */
  latest(siteId: string): Promise<DeviceReading[]> {
    return this.storage.telemetry.latest(siteId);
  }

  /** A site's per-minute aggregates in [fromMs, toMs), at full scale (a scaled twin's scaled up). */
  async minutes(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]> {
    const minutes = await this.storage.telemetry.minutes(siteId, fromMs, toMs);
    return this.twin.scaled ? minutes.map((minute) => this.twin.minuteAtFullScale(minute)) : minutes;
  }
}
