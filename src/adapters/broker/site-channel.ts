import type { BrokerClient } from './broker-client.ts';
import type { BrokerLog } from './broker-log.ts';
import { LogRateLimit } from './log-rate-limit.ts';
import { messageInvalidError } from './message-invalid-error.ts';
import {
  type AckMessage,
  checkMessage,
  type DecodeResult,
  decodeMessage,
  type EventMessage,
  REJECTION_KINDS,
  type RejectionKind,
  type SetpointMessage,
  type TelemetryMessage,
} from './messages.ts';
import { allSitesFilter, parseSiteTopic, type SiteTopicKind, siteTopic } from './topics.ts';

/**
 * What the server does with valid messages from the sites. A handler may be async; it is called
 * in arrival order and not awaited before the next message (a handler that needs ordering or
 * back-pressure keeps its own queue). A handler that throws or rejects is logged and counted.
 */
export interface SiteChannelHandlers {
  onTelemetry(batch: TelemetryMessage): void | Promise<void>;
  onAck(ack: AckMessage): void | Promise<void>;
  onEvent(event: EventMessage): void | Promise<void>;
  /** From the retained status on subscribe, then on every change; `online: false` is usually the agent's last will. */
  onStatus(siteId: string, online: boolean, atMs: number | undefined): void | Promise<void>;
}

export interface SiteChannelOptions {
  readonly log: BrokerLog;
  /** The clock of the per-site log limit (default performance.now). */
  readonly monotonicMs?: () => number;
}

/** Why a message was dropped, counted per kind: the rejections of decodeMessage plus `bad-topic`. */
export type ChannelRejection = RejectionKind | 'bad-topic';

const INBOUND: readonly SiteTopicKind[] = ['telemetry', 'acks', 'events', 'status'];

/**
 * The server's side of the site link. start() subscribes to every site's telemetry, acks, events
 * and status (`switchyard/v1/sites/+/...`); each message is decoded and validated once, then
 * handed to its handler. An invalid message is dropped, logged at warn with the reason
 * (SY_ERR_MESSAGE_INVALID) and counted by rejection kind (rejected()), which the server exports as
 * `switchyard_rejected_messages_total{reason}`. A zero-length payload (a retained message being
 * cleared) is ignored.
 */
export class SiteChannel {
  readonly #client: BrokerClient;
  readonly #handlers: SiteChannelHandlers;
  readonly #log: BrokerLog;
  readonly #rejected = new Map<ChannelRejection, number>();
  readonly #logLimit: LogRateLimit;
  #handlerFailures = 0;
  #accepted = 0;
  #started: Promise<void> | undefined;

  constructor(client: BrokerClient, handlers: SiteChannelHandlers, options: SiteChannelOptions) {
    this.#client = client;
    this.#handlers = handlers;
    this.#log = options.log;
    this.#logLimit = new LogRateLimit(options.monotonicMs);
  }

  /** Subscribes to the inbound topics of every site. Idempotent. */
  start(): Promise<void> {
    this.#started ??= (async () => {
      for (const kind of INBOUND) {
        await this.#client.subscribe(allSitesFilter(kind), (topic, payload) => this.#receive(topic, payload));
      }
    })();
    return this.#started;
  }

  /**
   * Publishes a setpoint to its site, retained at QoS 1 (a reconnecting agent gets the latest one
   * first). Only the message fields are sent (a SetpointRecord's ack fields are dropped). Throws
   * SY_ERR_MESSAGE_INVALID for a setpoint that would fail the agent's validation.
   */
  async publishSetpoint(setpoint: SetpointMessage): Promise<void> {
    const checked = checkMessage('setpoints', setpoint.siteId, setpoint);
    if (!checked.ok) {
      throw messageInvalidError('setpoints', setpoint.siteId, checked.rejection, checked.reason);
    }
    await this.#client.publish(siteTopic(setpoint.siteId, 'setpoints'), checked.value, {
      qos: 1,
      retain: true,
    });
  }

  /** Messages dropped so far, per rejection kind (every kind present, zeros included). */
  rejected(): Record<ChannelRejection, number> {
    const counts = { 'bad-topic': 0 } as Record<ChannelRejection, number>;
    for (const kind of REJECTION_KINDS) counts[kind] = 0;
    for (const [kind, count] of this.#rejected) counts[kind] = count;
    return counts;
  }

  /** Valid messages handed to a handler so far. */
  accepted(): number {
    return this.#accepted;
  }

  /** Handler calls that threw or rejected so far. */
  handlerFailures(): number {
    return this.#handlerFailures;
  }

  #receive(topic: string, payload: Buffer): void {
    if (payload.length === 0) return;
    const parsed = parseSiteTopic(topic);
    if (parsed === undefined || !INBOUND.includes(parsed.kind)) {
      this.#reject(topic, 'bad-topic', 'not an inbound site topic');
      return;
    }
    const { siteId, kind } = parsed;
    const handlers = this.#handlers;
    switch (kind) {
      case 'telemetry':
        this.#accept(topic, decodeMessage(kind, siteId, payload), (batch) => handlers.onTelemetry(batch));
        break;
      case 'acks':
        this.#accept(topic, decodeMessage(kind, siteId, payload), (ack) => handlers.onAck(ack));
        break;
      case 'events':
        this.#accept(topic, decodeMessage(kind, siteId, payload), (event) => handlers.onEvent(event));
        break;
      case 'status':
        this.#accept(topic, decodeMessage(kind, siteId, payload), (status) =>
          handlers.onStatus(siteId, status.online, status.atMs),
        );
        break;
    }
  }

  #accept<T>(topic: string, result: DecodeResult<T>, handle: (value: T) => void | Promise<void>): void {
    if (!result.ok) {
      this.#reject(topic, result.rejection, result.reason);
      return;
    }
    this.#accepted++;
    const fail = (error: unknown) => {
      this.#handlerFailures++;
      this.#log.warn({ err: error, topic }, 'site message handler failed');
    };
    try {
      const outcome = handle(result.value);
      if (outcome !== undefined) Promise.resolve(outcome).catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  #reject(topic: string, rejection: ChannelRejection, reason: string): void {
    this.#rejected.set(rejection, (this.#rejected.get(rejection) ?? 0) + 1);
    // Every rejection is counted; each site logs a few per minute (one agent cannot fill the log).
    const allowed = this.#logLimit.allow(parseSiteTopic(topic)?.siteId ?? topic);
    if (!allowed.log) return;
    this.#log.warn(
      {
        code: 'SY_ERR_MESSAGE_INVALID',
        topic,
        rejection,
        reason,
        ...(allowed.suppressed > 0 ? { suppressedBefore: allowed.suppressed } : {}),
      },
      'site message rejected and dropped',
    );
  }

  /** Counts a message the broker dropped before it reached this channel (over the size limit). */
  countDropped(rejection: ChannelRejection): void {
    this.#rejected.set(rejection, (this.#rejected.get(rejection) ?? 0) + 1);
  }
}
