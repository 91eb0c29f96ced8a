import { createServer, type Socket } from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { canPublish, canSubscribe, mayUseClientId } from './broker-acl.ts';
import { type BrokerLog, consoleBrokerLog } from './broker-log.ts';
import { LogRateLimit } from './log-rate-limit.ts';
import { MAX_MESSAGE_BYTES } from './messages.ts';
import { type Principal, principalName } from './principal.ts';

export interface EmbeddedBrokerOptions {
  /** TCP port; 0 picks a free one (see the returned `port`). */
  readonly port: number;
  readonly host?: string;
  /**
   * Maps a connection's username and password (an API key id and secret) to who it acts as;
   * undefined refuses the connection. A connection without a username is refused before this runs.
   */
  readonly authenticate: (username: string, password: string) => Promise<Principal | undefined>;
  readonly log?: BrokerLog;
  /** Larger publishes are dropped. Default MAX_MESSAGE_BYTES (8 MiB). */
  readonly maxPayloadBytes?: number;
  /**
   * Told of every publish from a client that the broker drops: `too-large` (over the size limit)
   * or `refused` (the access rules), so the server can count them with the messages it rejects.
   */
  readonly onDropped?: (reason: 'too-large' | 'refused', topic: string) => void;
}

export interface EmbeddedBroker {
  /** The port actually listened on. */
  readonly port: number;
  readonly host: string;
  /** `mqtt://host:port`. */
  readonly url: string;
  /** Disconnects every client and stops listening. Idempotent. */
  close(): Promise<void>;
}

/** Where a refused publish goes: acknowledged, then delivered to nobody (no client may subscribe to it). */
const DENIED_TOPIC = '$denied/switchyard';

// aedes' AuthErrorCode is an ambient const enum, which isolatedModules cannot read.
const BAD_USERNAME_OR_PASSWORD = 4;
const SERVER_UNAVAILABLE = 3;
const IDENTIFIER_REJECTED = 2;

/**
 * An MQTT 3.1.1 broker in this process (aedes over node:net, in-memory sessions and retained
 * messages), with Switchyard's authentication and access rules (broker-acl.ts):
 *
 * - a connection must present a username and password that `authenticate` accepts;
 * - the reserved client ids (`switchyard-agent-<site>`, other `switchyard-...`) are bound to that
 *   site's agent and to the server (broker-acl.ts mayUseClientId);
 * - a client id with a persistent session belongs to the principal that first used it while this
 *   broker runs; another principal presenting it is refused (it would inherit the subscriptions);
 * - a publish the rules refuse (or one over the size limit) is acknowledged and dropped, as
 *   Mosquitto does, rather than closing the connection: a QoS 1 message the client retries after
 *   every reconnect would otherwise cut it off for good. The will goes through the same rules;
 * - a subscription the rules refuse is answered with the failure code 0x80.
 * Refusals are logged at warn.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? consoleBrokerLog;
  const maxPayloadBytes = options.maxPayloadBytes ?? MAX_MESSAGE_BYTES;
  const principals = new WeakMap<Client, Principal>();
  const sessionOwners = new Map<string, string>();
  const logLimit = new LogRateLimit();

  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const refuse = (returnCode: number, message: string) => {
        const error = new Error(message) as AuthenticateError;
        error.returnCode = returnCode as AuthenticateError['returnCode'];
        done(error, false);
      };
      if (username === undefined || username === '') {
        log.warn({ clientId: client.id }, 'mqtt connection without credentials refused');
        refuse(BAD_USERNAME_OR_PASSWORD, 'credentials required');
        return;
      }
      options.authenticate(username, password?.toString('utf8') ?? '').then(
        (principal) => {
          if (principal === undefined) {
            log.warn({ clientId: client.id, username }, 'mqtt connection with bad credentials refused');
            refuse(BAD_USERNAME_OR_PASSWORD, 'bad user name or password');
            return;
          }
          const name = principalName(principal);
          if (!mayUseClientId(principal, client.id)) {
            log.warn(
              { clientId: client.id, principal: name },
              'mqtt client id reserved for another principal',
            );
            refuse(IDENTIFIER_REJECTED, 'client id reserved for another principal');
            return;
          }
          const owner = sessionOwners.get(client.id);
          if (owner !== undefined && owner !== name) {
            log.warn(
              { clientId: client.id, principal: name, owner },
              'mqtt client id owned by another principal',
            );
            refuse(IDENTIFIER_REJECTED, 'client id in use by another principal');
            return;
          }
          if (!client.clean) sessionOwners.set(client.id, name);
          principals.set(client, principal);
          done(null, true);
        },
        (error: unknown) => {
          log.warn({ clientId: client.id, username, err: error }, 'mqtt authentication failed');
          refuse(SERVER_UNAVAILABLE, 'authentication unavailable');
        },
      );
    },

    authorizePublish(client, packet, done) {
      const principal = client === null ? undefined : principals.get(client);
      const size = packet.payload.length;
      if (principal !== undefined && size <= maxPayloadBytes && canPublish(principal, packet.topic)) {
        done(null);
        return;
      }
      const tooLarge = size > maxPayloadBytes;
      options.onDropped?.(tooLarge ? 'too-large' : 'refused', packet.topic);
      const name = principal === undefined ? undefined : principalName(principal);
      const allowed = logLimit.allow(name ?? client?.id ?? '');
      if (allowed.log) {
        log.warn(
          {
            clientId: client?.id,
            principal: name,
            topic: packet.topic,
            bytes: size,
            ...(allowed.suppressed > 0 ? { suppressedBefore: allowed.suppressed } : {}),
          },
          tooLarge ? 'mqtt publish over the size limit dropped' : 'mqtt publish refused',
        );
      }
      dropPacket(packet);
      done(null);
    },

    authorizeSubscribe(client, subscription: Subscription, done) {
      const principal = principals.get(client);
      if (principal !== undefined && canSubscribe(principal, subscription.topic)) {
        done(null, subscription);
        return;
      }
      log.warn(
        {
          clientId: client.id,
          principal: principal === undefined ? undefined : principalName(principal),
          filter: subscription.topic,
        },
        'mqtt subscription refused',
      );
      done(null, null);
    },
  });

  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  let closing: Promise<void> | undefined;
  return {
    port,
    host,
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await stopped;
      })();
      return closing;
    },
  };
}

/** Sends a refused publish nowhere: not retained, on a topic no client can subscribe to. */
function dropPacket(packet: PublishPacket): void {
  packet.topic = DENIED_TOPIC;
  packet.retain = false;
}
