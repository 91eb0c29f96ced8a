import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { SwitchyardError } from '../../core/errors/index.ts';
import type {
  BrokerClient,
  BrokerClientEvent,
  LastWill,
  MessageHandler,
  PublishOptions,
} from './broker-client.ts';
import { encodePayload } from './broker-client.ts';
import { brokerConnectError } from './broker-connect-error.ts';
import { type BrokerLog, consoleBrokerLog } from './broker-log.ts';
import { HandlerRegistry } from './handler-registry.ts';

export interface BrokerConnectOptions {
  /** `mqtt://host:1883`, `mqtts://...`. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Stable per agent (and per server instance) so a persistent session finds its queue again. */
  readonly clientId: string;
  readonly will?: LastWill;
  /**
   * False (default): the broker keeps the session's subscriptions and queues QoS 1 messages while
   * the client is away. True: a fresh session on every connection.
   */
  readonly cleanSession?: boolean;
  /** Pause between reconnect attempts. Default 1000 ms. */
  readonly reconnectPeriodMs?: number;
  /** How long the first connection may take before connectBroker gives up. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Keep-alive ping interval. Default 30 s. */
  readonly keepaliveSeconds?: number;
  readonly log?: BrokerLog;
}

/** How long close() waits for in-flight publishes to be acknowledged before giving up on them. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Connects to an MQTT broker (MQTT 3.1.1, QoS 1) and resolves once the first connection is up;
 * rejects (and stops trying) when the broker refuses the credentials, is unreachable or does not
 * answer within `connectTimeoutMs`. After that first connection the client reconnects on its own,
 * for as long as it is not closed, refusals included (an auth store that was briefly down).
 */
export async function connectBroker(options: BrokerConnectOptions): Promise<MqttBrokerClient> {
  const client = new MqttBrokerClient(options);
  try {
    await client.firstConnect(options.connectTimeoutMs ?? 10_000);
  } catch (error) {
    await client.destroy();
    throw brokerConnectError(options.url, error);
  }
  return client;
}

/** BrokerClient over mqtt.js. Use connectBroker(); the constructor starts connecting without waiting. */
export class MqttBrokerClient implements BrokerClient {
  readonly #mqtt: MqttClient;
  readonly #log: BrokerLog;
  readonly #registry: HandlerRegistry;
  readonly #listeners = { connect: new Set<() => void>(), offline: new Set<() => void>() };
  readonly #pending = new Set<{ reject: (error: Error) => void }>();
  #wasConnected = false;
  #outageLogged = false;
  #ended = false;
  /** Filters whose SUBSCRIBE has not been granted yet (asked while offline): sent on every connect. */
  readonly #pendingFilters = new Set<string>();

  constructor(options: BrokerConnectOptions) {
    this.#log = options.log ?? consoleBrokerLog;
    this.#registry = new HandlerRegistry((error, topic) =>
      this.#log.warn({ err: error, topic, clientId: options.clientId }, 'mqtt message handler failed'),
    );
    const mqttOptions: IClientOptions = {
      clientId: options.clientId,
      protocolVersion: 4,
      clean: options.cleanSession ?? false,
      reconnectPeriod: options.reconnectPeriodMs ?? 1_000,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      keepalive: options.keepaliveSeconds ?? 30,
      resubscribe: true,
    };
    if (options.username !== undefined) mqttOptions.username = options.username;
    if (options.password !== undefined) mqttOptions.password = options.password;
    if (options.will !== undefined) {
      mqttOptions.will = {
        topic: options.will.topic,
        payload: encodePayload(options.will.payload),
        qos: 1,
        retain: options.will.retain,
      };
    }
    this.#mqtt = connect(options.url, mqttOptions);
    this.#mqtt.on('message', (topic, payload) => this.#registry.dispatch(topic, payload));
    this.#mqtt.on('connect', () => {
      this.#wasConnected = true;
      this.#outageLogged = false;
      for (const filter of this.#pendingFilters) {
        this.#mqtt.subscribeAsync(filter, { qos: 1 }).then(
          () => this.#pendingFilters.delete(filter),
          (error) =>
            this.#log.warn({ err: error, filter }, 'subscription not granted yet; retried on reconnect'),
        );
      }
      this.#emit('connect');
    });
    this.#mqtt.on('close', () => {
      if (!this.#wasConnected) return;
      this.#wasConnected = false;
      if (!this.#ended) this.#emit('offline');
    });
    this.#mqtt.on('error', (error) => {
      // Before the first connection, firstConnect() reports errors. After it, log the first error
      // of each outage only: the client retries every reconnectPeriodMs.
      if (!this.#mqtt.options.reconnectOnConnackError || this.#outageLogged) return;
      this.#outageLogged = true;
      this.#log.warn({ err: error, clientId: options.clientId }, 'mqtt connection error; retrying');
    });
  }

  get connected(): boolean {
    return this.#mqtt.connected;
  }

  /** Resolves on the first CONNACK; rejects on a refusal, a socket error or the timeout. */
  firstConnect(timeoutMs: number): Promise<void> {
    if (this.#mqtt.connected) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      const onConnect = () => settle();
      const onError = (error: Error) => settle(error);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.#mqtt.off('connect', onConnect);
        this.#mqtt.off('error', onError);
        if (error === undefined) {
          // Later refusals (an auth store that was down) are retried rather than fatal.
          this.#mqtt.options.reconnectOnConnackError = true;
          resolve();
        } else {
          reject(error);
        }
      };
      this.#mqtt.on('connect', onConnect);
      this.#mqtt.on('error', onError);
    });
  }

  publish(topic: string, payload: object, options: PublishOptions): Promise<void> {
    if (this.#ended) return Promise.reject(closedError('publish'));
    const bytes = encodePayload(payload);
    return new Promise<void>((resolve, reject) => {
      const pending = { reject };
      this.#pending.add(pending);
      this.#mqtt.publish(topic, bytes, { qos: options.qos, retain: options.retain ?? false }, (error) => {
        if (!this.#pending.delete(pending)) return;
        if (error === undefined || error === null) resolve();
        else reject(this.#ended ? closedError(`finish a publish to ${topic}`) : publishError(topic, error));
      });
    });
  }

  async subscribe(filter: string, handler: MessageHandler): Promise<void> {
    if (this.#ended) throw closedError('subscribe');
    const remove = this.#registry.add(filter, handler);
    if (!this.#mqtt.connected) {
      // Offline: keep the handler and subscribe when the connection comes back.
      this.#pendingFilters.add(filter);
      return;
    }
    try {
      const granted = await this.#mqtt.subscribeAsync(filter, { qos: 1 });
      // mqtt.js rejects a refused subscription itself; this covers versions that only report it.
      if (granted.some((grant) => (grant.qos & 0x80) !== 0)) {
        throw Object.assign(new Error('subscription refused'), { code: 0x80 });
      }
    } catch (error) {
      remove();
      const code = refusalCode(error);
      if (code !== undefined) {
        throw new SwitchyardError(
          'SY_ERR_AUTH_FORBIDDEN',
          `MQTT broker refused the subscription to ${filter}`,
          { filter, reasonCode: code },
          { cause: error },
        );
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#mqtt.connected) {
      // Let in-flight publishes finish, then disconnect cleanly (DISCONNECT: no last will).
      await this.#outgoingEmpty(CLOSE_TIMEOUT_MS);
      for (const messageId of Object.keys(this.#mqtt.outgoing)) {
        this.#mqtt.removeOutgoingMessage(Number(messageId));
      }
      await this.#mqtt.endAsync(false);
    } else {
      await this.#mqtt.endAsync(true);
    }
    this.#shutDown('close');
  }

  async destroy(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#mqtt.endAsync(true);
    this.#shutDown('destroy');
  }

  on(event: BrokerClientEvent, listener: () => void): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  /** Publishes still waiting (offline, or unacknowledged) fail: mqtt.js would leave them pending. */
  #shutDown(operation: string): void {
    for (const pending of this.#pending) pending.reject(closedError(`finish a publish (${operation})`));
    this.#pending.clear();
    this.#registry.clear();
  }

  #outgoingEmpty(timeoutMs: number): Promise<void> {
    if (Object.keys(this.#mqtt.outgoing).length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#mqtt.off('outgoingEmpty', done);
        this.#mqtt.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#mqtt.on('outgoingEmpty', done);
      this.#mqtt.on('close', done);
    });
  }

  #emit(event: BrokerClientEvent): void {
    for (const listener of [...this.#listeners[event]]) {
      try {
        listener();
      } catch (error) {
        this.#log.warn({ err: error, event }, 'mqtt client listener failed');
      }
    }
  }
}

/** The SUBACK failure code (0x80 and up) behind an mqtt.js subscribe error, if that is what it is. */
function refusalCode(error: unknown): number | undefined {
  const { code, packet } = error as { code?: unknown; packet?: { cmd?: unknown; granted?: unknown } };
  if (typeof code === 'number' && (code & 0x80) !== 0) return code;
  if (packet?.cmd === 'suback' && Array.isArray(packet.granted)) {
    return packet.granted.find(
      (granted): granted is number => typeof granted === 'number' && (granted & 0x80) !== 0,
    );
  }
  return undefined;
}

function publishError(topic: string, cause: Error): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_INTERNAL',
    `MQTT publish to ${topic} failed: ${cause.message}`,
    { topic },
    { cause },
  );
}

function closedError(operation: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_INTERNAL', `cannot ${operation}: the broker client is closed`);
}
