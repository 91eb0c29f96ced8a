/**
 * The broker port: what the server (SiteChannel) and the site agent need from an MQTT connection.
 * Implementations: MqttBrokerClient (mqtt.js, against the embedded broker or Mosquitto) and
 * FakeBrokerClient (in-process bus for unit tests). broker.contract.ts holds the behaviour both
 * must show.
 */
export interface BrokerClient {
  /** True while the connection to the broker is up. */
  readonly connected: boolean;
  /**
   * Publishes `payload` at QoS 1 and resolves once the broker has acknowledged it. An object is
   * sent as UTF-8 JSON; a Buffer is sent as-is (an empty Buffer with `retain` clears the topic's
   * retained message). While the connection is down the message waits in memory and the promise
   * settles after the reconnect; after close() it rejects.
   */
  publish(topic: string, payload: object, options: PublishOptions): Promise<void>;
  /**
   * Subscribes at QoS 1 and calls `handler` for every message whose topic matches `filter`
   * (`+`/`#` wildcards), retained ones included. Resolves once the broker granted it; rejects when
   * the broker refused it (SY_ERR_AUTH_FORBIDDEN). Messages a persistent session delivers before
   * the matching subscribe() call are held and handed over when it comes. A handler that throws
   * is reported and does not affect other handlers or later messages.
   */
  subscribe(filter: string, handler: MessageHandler): Promise<void>;
  /** Disconnects cleanly (no last will). Idempotent. */
  close(): Promise<void>;
  /**
   * Drops the connection without a clean disconnect, as a crash would: the broker publishes the
   * last will. No reconnect follows. Idempotent.
   */
  destroy(): Promise<void>;
  /** `connect` on every (re)connection, `offline` when an established connection is lost. Returns a remover. */
  on(event: BrokerClientEvent, listener: () => void): () => void;
}

export type BrokerClientEvent = 'connect' | 'offline';

export type MessageHandler = (topic: string, payload: Buffer) => void;

export interface PublishOptions {
  readonly qos: 1;
  readonly retain?: boolean;
}

/** Published by the broker for a connection that ends without a clean disconnect. */
export interface LastWill {
  readonly topic: string;
  /** Sent as UTF-8 JSON. */
  readonly payload: object;
  readonly retain: boolean;
}

/** object -> JSON bytes; a Buffer/Uint8Array is passed through unchanged. */
export function encodePayload(payload: object): Buffer {
  if (payload instanceof Uint8Array)
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return Buffer.from(JSON.stringify(payload), 'utf8');
}
