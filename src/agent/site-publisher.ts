import {
  type BrokerClient,
  checkMessage,
  type EventMessage,
  type MessageOfTopic,
  type SiteTopicKind,
  siteTopic,
} from '../adapters/broker/index.ts';
import type { AgentLog } from './agent-log.ts';
import type { FallbackEpisode } from './fallback-tracker.ts';
import { describeError, withTimeout } from './with-timeout.ts';

/** How long the offline status may take to be acknowledged, ms. */
const OFFLINE_STATUS_TIMEOUT_MS = 5_000;

/**
 * What the agent publishes on its site's topics besides telemetry: acks, events and its status.
 * Each message is checked against its topic's schema first; publishes run in the background (one
 * waits for the link while it is down) and a failure is logged, never thrown.
 */
export class SitePublisher {
  readonly #broker: BrokerClient;
  readonly #siteId: string;
  readonly #log: AgentLog;
  readonly #nowMs: () => number;
  readonly #publishes = new Set<Promise<void>>();

  constructor(broker: BrokerClient, siteId: string, log: AgentLog, nowMs: () => number) {
    this.#broker = broker;
    this.#siteId = siteId;
    this.#log = log;
    this.#nowMs = nowMs;
  }

  /** True while a publish is in flight. */
  get busy(): boolean {
    return this.#publishes.size > 0;
  }

  /** The publishes still in flight. */
  get inFlight(): readonly Promise<void>[] {
    return [...this.#publishes];
  }

  topic(kind: SiteTopicKind): string {
    return siteTopic(this.#siteId, kind);
  }

  /** Publishes in the background (a publish waits for the link while it is down); failures are logged. */
  publish<K extends SiteTopicKind>(kind: K, message: MessageOfTopic[K], retain = false): void {
    const checked = checkMessage(kind, this.#siteId, message);
    if (!checked.ok) {
      this.#log.error({ kind, reason: checked.reason }, 'outgoing message invalid; not sent');
      return;
    }
    const run = this.#broker
      .publish(this.topic(kind), checked.value, { qos: 1, retain })
      .catch((error: unknown) => this.#log.warn({ kind, err: describeError(error) }, 'publish failed'))
      .finally(() => this.#publishes.delete(run));
    this.#publishes.add(run);
  }

  /** The retained status. */
  status(online: boolean): void {
    this.publish('status', { online, atMs: this.#nowMs() }, true);
  }

  /** A `fallback-used` event: the episode up to `toMs`, which is still running when `ongoing`. */
  fallbackUsed(episode: FallbackEpisode, toMs: number, ongoing: boolean): void {
    const from = new Date(episode.fromMs).toISOString();
    const to = new Date(toMs).toISOString();
    const event: EventMessage = {
      siteId: this.#siteId,
      atMs: this.#nowMs(),
      kind: 'fallback-used',
      message: ongoing
        ? `fallback rule ${episode.rule} has run since ${from} (${episode.reason}) and still runs at ${to}`
        : `fallback rule ${episode.rule} ran from ${from} to ${to} (${episode.reason})`,
      details: { rule: episode.rule, reason: episode.reason, fromMs: episode.fromMs, toMs, ongoing },
    };
    this.publish('events', event);
  }

  /**
   * When connected, publishes `{online:false}` (retained) and waits until it is acknowledged, for
   * at most OFFLINE_STATUS_TIMEOUT_MS; a failure is logged.
   */
  async offline(): Promise<void> {
    if (!this.#broker.connected) return;
    try {
      await withTimeout(
        this.#broker.publish(
          this.topic('status'),
          { online: false, atMs: this.#nowMs() },
          { qos: 1, retain: true },
        ),
        OFFLINE_STATUS_TIMEOUT_MS,
        'offline status',
      );
    } catch (error) {
      this.#log.warn({ err: describeError(error) }, 'could not publish the offline status');
    }
  }
}
