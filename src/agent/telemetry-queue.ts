import { checkMessage } from '../adapters/broker/index.ts';
import type { AgentLog } from './agent-log.ts';
import type { SiteSnapshot } from './site-snapshot.ts';
import type { TelemetryBuffer } from './telemetry-buffer.ts';
import { telemetryBatches } from './telemetry-readings.ts';
import type { TelemetrySender } from './telemetry-sender.ts';
import { describeError } from './with-timeout.ts';

/**
 * Turns a poll's snapshot into telemetry batches, each checked against the topic's schema and
 * appended to the on-disk buffer, then kicks the sender. A batch that is invalid or cannot be
 * written is logged and left out; the others are queued.
 */
export class TelemetryQueue {
  readonly #siteId: string;
  readonly #buffer: TelemetryBuffer;
  readonly #sender: TelemetrySender;
  readonly #maxReadingsPerBatch: number;
  readonly #log: AgentLog;
  #lastBatchStampMs = -1;

  constructor(
    siteId: string,
    buffer: TelemetryBuffer,
    sender: TelemetrySender,
    maxReadingsPerBatch: number,
    log: AgentLog,
  ) {
    this.#siteId = siteId;
    this.#buffer = buffer;
    this.#sender = sender;
    this.#maxReadingsPerBatch = maxReadingsPerBatch;
    this.#log = log;
  }

  /** Queues the snapshot's batches; resolves with the ids of those queued. */
  async queue(snapshot: SiteSnapshot): Promise<string[]> {
    // Batch ids must be unique: a second poll within the same ms gets the next ms.
    const stampMs = Math.max(snapshot.takenAtMs, this.#lastBatchStampMs + 1);
    this.#lastBatchStampMs = stampMs;
    const ids: string[] = [];
    for (const batch of telemetryBatches(this.#siteId, snapshot, stampMs, this.#maxReadingsPerBatch)) {
      const checked = checkMessage('telemetry', this.#siteId, batch);
      if (!checked.ok) {
        this.#log.error(
          { batchId: batch.batchId, reason: checked.reason },
          'telemetry batch invalid; not queued',
        );
        continue;
      }
      try {
        if ((await this.#buffer.append(checked.value)) > 0) ids.push(batch.batchId);
      } catch (error) {
        this.#log.error(
          { batchId: batch.batchId, err: describeError(error) },
          'telemetry batch could not be queued',
        );
      }
    }
    this.#sender.kick();
    return ids;
  }
}
