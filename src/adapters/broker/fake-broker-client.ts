import { SwitchyardError } from '../../core/errors/index.ts';
import { canPublish, canSubscribe, mayUseClientId } from './broker-acl.ts';
import type {
  BrokerClient,
  BrokerClientEvent,
  LastWill,
  MessageHandler,
  PublishOptions,
} from './broker-client.ts';
import { encodePayload } from './broker-client.ts';
import { HandlerRegistry } from './handler-registry.ts';
import { type Principal, principalName } from './principal.ts';
import { topicMatches } from './topic-filter.ts';

export interface FakeBrokerOptions {
  /**
   * When given, connections must present credentials it accepts and the access rules of
   * broker-acl.ts apply, as on the embedded broker. Without it anyone may do anything (like the
   * anonymous Mosquitto of the tests).
   */
  readonly authenticate?: (username: string, password: string) => Promise<Principal | undefined>;
}

export interface FakeConnectOptions {
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  readonly will?: LastWill;
  /** Default false, as connectBroker. */
  readonly cleanSession?: boolean;
}

/** One message that went through the bus, for assertions. */
export interface FakePublished {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retain: boolean;
  /** The publishing client; undefined for inject() and wills of ended sessions. */
  readonly clientId?: string;
  /** False when the access rules dropped it. */
  readonly delivered: boolean;
}

interface Session {
  readonly clientId: string;
  readonly clean: boolean;
  readonly owner: string;
  readonly filters: Set<string>;
  /** QoS 1 messages that arrived while no client was connected. */
  readonly queue: { topic: string; payload: Buffer }[];
  client: FakeBrokerClient | undefined;
}

/**
 * An in-process MQTT bus for unit tests: `+`/`#` matching, retained messages, persistent sessions
 * with queued QoS 1 messages, last wills, optional authentication and access rules. Delivery is
 * asynchronous (one macrotask per message, in order), as over a socket.
 *
 * ```ts
 * const broker = new FakeBroker().withRetained(siteTopic('s1', 'setpoints'), setpoint);
 * const agent = await broker.connect({ clientId: 'agent-s1' });
 * ```
 */
export class FakeBroker {
  readonly #authenticate: FakeBrokerOptions['authenticate'];
  readonly #retained = new Map<string, Buffer>();
  readonly #sessions = new Map<string, Session>();
  readonly #published: FakePublished[] = [];

  constructor(options: FakeBrokerOptions = {}) {
    this.#authenticate = options.authenticate;
  }

  /** Seeds a retained message (before any client connects). */
  withRetained(topic: string, payload: object): this {
    this.#retained.set(topic, encodePayload(payload));
    return this;
  }

  /** Every message published so far, oldest first. */
  get published(): readonly FakePublished[] {
    return this.#published;
  }

  /** The retained message of a topic, if any. */
  retained(topic: string): Buffer | undefined {
    return this.#retained.get(topic);
  }

  /** Publishes from outside any connection and outside the access rules (raw Buffers welcome). */
  inject(topic: string, payload: object, options: { retain?: boolean } = {}): void {
    this.#route(topic, encodePayload(payload), options.retain ?? false, undefined);
  }

  async connect(options: FakeConnectOptions): Promise<FakeBrokerClient> {
    const client = new FakeBrokerClient(this, options);
    await client.reconnect();
    return client;
  }

  // ---- used by FakeBrokerClient

  /** @internal */
  async attach(client: FakeBrokerClient, options: FakeConnectOptions): Promise<Principal | undefined> {
    let principal: Principal | undefined;
    if (this.#authenticate !== undefined) {
      principal =
        options.username === undefined || options.username === ''
          ? undefined
          : await this.#authenticate(options.username, options.password ?? '');
      if (principal === undefined) {
        throw new SwitchyardError('SY_ERR_AUTH_REQUIRED', 'fake broker refused the credentials', {
          clientId: options.clientId,
        });
      }
    }
    if (principal !== undefined && !mayUseClientId(principal, options.clientId)) {
      throw new SwitchyardError('SY_ERR_AUTH_FORBIDDEN', 'client id reserved for another principal', {
        clientId: options.clientId,
      });
    }
    const owner = principal === undefined ? '' : principalName(principal);
    const clean = options.cleanSession ?? false;
    let session = this.#sessions.get(options.clientId);
    if (session !== undefined && session.owner !== owner) {
      throw new SwitchyardError('SY_ERR_AUTH_REQUIRED', 'client id in use by another principal', {
        clientId: options.clientId,
      });
    }
    if (session?.client !== undefined && session.client !== client) session.client.takenOver();
    if (session === undefined || clean || session.clean) {
      session = { clientId: options.clientId, clean, owner, filters: new Set(), queue: [], client };
      this.#sessions.set(options.clientId, session);
    }
    session.client = client;
    const queued = session.queue.splice(0);
    for (const message of queued) this.#deliver(client, message.topic, message.payload);
    return principal;
  }

  /** @internal A connection ended; `will` is published unless it was a clean disconnect. */
  detach(client: FakeBrokerClient, principal: Principal | undefined, will: LastWill | undefined): void {
    const session = this.#sessions.get(client.clientId);
    if (session?.client !== client) return;
    session.client = undefined;
    if (session.clean) this.#sessions.delete(client.clientId);
    if (will !== undefined)
      this.publishFrom(client, principal, will.topic, encodePayload(will.payload), will.retain);
  }

  /** @internal */
  publishFrom(
    client: FakeBrokerClient,
    principal: Principal | undefined,
    topic: string,
    payload: Buffer,
    retain: boolean,
  ): void {
    if (this.#authenticate !== undefined && (principal === undefined || !canPublish(principal, topic))) {
      this.#published.push({ topic, payload, retain, clientId: client.clientId, delivered: false });
      return;
    }
    this.#route(topic, payload, retain, client.clientId);
  }

  /** @internal */
  subscribeFrom(client: FakeBrokerClient, principal: Principal | undefined, filter: string): void {
    if (this.#authenticate !== undefined && (principal === undefined || !canSubscribe(principal, filter))) {
      throw new SwitchyardError(
        'SY_ERR_AUTH_FORBIDDEN',
        `fake broker refused the subscription to ${filter}`,
        {
          filter,
        },
      );
    }
    const session = this.#sessions.get(client.clientId);
    if (session === undefined) return;
    session.filters.add(filter);
    for (const [topic, payload] of this.#retained) {
      if (topicMatches(filter, topic)) this.#deliver(client, topic, payload);
    }
  }

  #route(topic: string, payload: Buffer, retain: boolean, clientId: string | undefined): void {
    this.#published.push({ topic, payload, retain, clientId, delivered: true });
    if (retain) {
      if (payload.length === 0) this.#retained.delete(topic);
      else this.#retained.set(topic, payload);
    }
    for (const session of this.#sessions.values()) {
      if (![...session.filters].some((filter) => topicMatches(filter, topic))) continue;
      if (session.client !== undefined) this.#deliver(session.client, topic, payload);
      else if (!session.clean) session.queue.push({ topic, payload });
    }
  }

  #deliver(client: FakeBrokerClient, topic: string, payload: Buffer): void {
    setImmediate(() => client.receive(topic, payload));
  }
}

/**
 * A BrokerClient on a FakeBroker. Besides the port it can simulate a lost link:
 * `dropConnection()` (the will fires, `offline` is emitted, publishes wait) and `reconnect()`.
 */
export class FakeBrokerClient implements BrokerClient {
  readonly #broker: FakeBroker;
  readonly #options: FakeConnectOptions;
  readonly #registry: HandlerRegistry;
  readonly #filters = new Set<string>();
  readonly #listeners = { connect: new Set<() => void>(), offline: new Set<() => void>() };
  readonly #waiting: (() => void)[] = [];
  #principal: Principal | undefined;
  #connected = false;
  #ended = false;

  constructor(broker: FakeBroker, options: FakeConnectOptions) {
    this.#broker = broker;
    this.#options = options;
    this.#registry = new HandlerRegistry((error, topic) => {
      console.warn(`fake broker client ${options.clientId}: handler for ${topic} failed`, error);
    });
  }

  get clientId(): string {
    return this.#options.clientId;
  }

  get connected(): boolean {
    return this.#connected;
  }

  async publish(topic: string, payload: object, options: PublishOptions): Promise<void> {
    if (this.#ended) throw closedError('publish');
    const bytes = encodePayload(payload);
    if (!this.#connected) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
      if (this.#ended) throw closedError('publish');
    }
    this.#broker.publishFrom(this, this.#principal, topic, bytes, options.retain ?? false);
  }

  async subscribe(filter: string, handler: MessageHandler): Promise<void> {
    if (this.#ended) throw closedError('subscribe');
    const remove = this.#registry.add(filter, handler);
    try {
      if (this.#connected) this.#broker.subscribeFrom(this, this.#principal, filter);
      this.#filters.add(filter);
    } catch (error) {
      remove();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#ended) return;
    this.#end(undefined);
  }

  async destroy(): Promise<void> {
    if (this.#ended) return;
    this.#end(this.#options.will);
  }

  on(event: BrokerClientEvent, listener: () => void): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  /** Simulates a lost link: the broker publishes the will, `offline` is emitted. */
  dropConnection(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#broker.detach(this, this.#principal, this.#options.will);
    this.#emit('offline');
  }

  /** (Re)connects: restores the session, resubscribes, sends the publishes that waited. */
  async reconnect(): Promise<void> {
    if (this.#ended) throw closedError('reconnect');
    if (this.#connected) return;
    this.#principal = await this.#broker.attach(this, this.#options);
    this.#connected = true;
    for (const filter of this.#filters) this.#broker.subscribeFrom(this, this.#principal, filter);
    this.#emit('connect');
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  /** @internal Another connection took over this client id. */
  takenOver(): void {
    this.#connected = false;
    this.#emit('offline');
  }

  /** @internal */
  receive(topic: string, payload: Buffer): void {
    if (this.#connected) this.#registry.dispatch(topic, payload);
  }

  #end(will: LastWill | undefined): void {
    this.#ended = true;
    if (this.#connected) {
      this.#connected = false;
      this.#broker.detach(this, this.#principal, will);
    }
    this.#registry.clear();
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  #emit(event: BrokerClientEvent): void {
    for (const listener of [...this.#listeners[event]]) listener();
  }
}

function closedError(operation: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_INTERNAL', `cannot ${operation}: the broker client is closed`);
}
