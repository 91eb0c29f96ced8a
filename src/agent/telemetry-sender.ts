import type { BrokerClient } from '../adapters/broker/index.ts';
import type { AgentLog } from './agent-log.ts';
import type { TelemetryBuffer } from './telemetry-buffer.ts';
import { describeError } from './with-timeout.ts';

/**
 * Drains the telemetry buffer to the broker in order, one batch in flight at a time: peek the
 * oldest, publish it at QoS 1, remove it once the publish resolved, repeat. It runs while the
 * broker is connected and is kicked after every append and on every (re)connect; during an
 * outage the batches simply stay on disk. A publish cut by a lost connection resolves after the
 * reconnect (the port's contract) or rejects on close; the batch stays queued until it resolved.
 */
export class TelemetrySender {
  readonly #buffer: TelemetryBuffer;
  readonly #broker: BrokerClient;
  readonly #topic: string;
  readonly #log: AgentLog;
  #draining: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #sent = 0;

  constructor(buffer: TelemetryBuffer, broker: BrokerClient, topic: string, log: AgentLog) {
    this.#buffer = buffer;
    this.#broker = broker;
    this.#topic = topic;
    this.#log = log;
  }

  /** Batches published since the start. */
  get sent(): number {
    return this.#sent;
  }

  /** Starts draining (or drains once more after the current pass). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#draining !== undefined) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      if (this.#again && !this.#stopped) this.kick();
    });
  }

  /** Resolves when no drain is running (a drain stuck on a lost connection resolves after the reconnect). */
  async idle(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  /** No further publishes are started. */
  stop(): void {
    this.#stopped = true;
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      while (!this.#stopped && this.#broker.connected) {
        let next: Awaited<ReturnType<TelemetryBuffer['peek']>>;
        try {
          next = await this.#buffer.peek();
        } catch (error) {
          this.#log.error({ err: describeError(error) }, 'telemetry buffer unreadable; delivery paused');
          return;
        }
        if (next === undefined) break;
        try {
          await this.#broker.publish(this.#topic, next.batch, { qos: 1 });
        } catch (error) {
          this.#log.warn(
            { err: describeError(error), batchId: next.batch.batchId },
            'telemetry publish failed; the batch stays queued',
          );
          return;
        }
        try {
          await this.#buffer.remove(next.seq);
        } catch (error) {
          this.#log.error(
            { err: describeError(error), seq: next.seq },
            'telemetry buffer: could not mark a batch delivered',
          );
          return;
        }
        this.#sent++;
      }
    } while (this.#again && !this.#stopped);
  }
}
