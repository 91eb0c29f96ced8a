import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractAuthenticate,
  contractLogin,
  runBrokerContract,
} from '../../src/adapters/broker/broker.contract.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/adapters/broker/embedded-broker.ts';
import { Inbox } from '../../src/adapters/broker/inbox.ts';
import { connectBroker } from '../../src/adapters/broker/mqtt-broker-client.ts';
import { siteTopic } from '../../src/adapters/broker/topics.ts';

const quiet = { warn: () => {} };
let broker: EmbeddedBroker;

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0, authenticate: contractAuthenticate, log: quiet });
});

afterAll(async () => {
  await broker?.close();
});

runBrokerContract('embedded broker (aedes)', (credentials) =>
  connectBroker({
    url: broker.url,
    clientId: credentials.clientId,
    cleanSession: credentials.cleanSession,
    reconnectPeriodMs: 100,
    log: quiet,
    ...contractLogin(credentials),
    ...(credentials.will === undefined ? {} : { will: credentials.will }),
  }),
);

describe('embedded broker', () => {
  it('listens on a free port when given port 0', () => {
    expect(broker.port).toBeGreaterThan(0);
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
  });

  it('refuses a persistent client id to another principal', async () => {
    const login = (siteId: string) => ({ username: `agent:${siteId}`, password: `secret-agent:${siteId}` });
    const owner = await connectBroker({
      url: broker.url,
      clientId: 'owned-id',
      log: quiet,
      ...login('own-a'),
    });
    await owner.close();
    await expect(
      connectBroker({ url: broker.url, clientId: 'owned-id', log: quiet, ...login('own-b') }),
    ).rejects.toMatchObject({ code: 'SY_ERR_AUTH_FORBIDDEN' });
    const back = await connectBroker({
      url: broker.url,
      clientId: 'owned-id',
      cleanSession: true,
      log: quiet,
      ...login('own-a'),
    });
    await back.close();
  });

  it('drops a publish over the size limit, tells onDropped, and keeps the connection', async () => {
    const dropped: string[] = [];
    const small = await startEmbeddedBroker({
      port: 0,
      authenticate: contractAuthenticate,
      log: quiet,
      maxPayloadBytes: 1_000,
      onDropped: (reason) => void dropped.push(reason),
    });
    try {
      const login = { username: 'agent:big', password: 'secret-agent:big' };
      const server = await connectBroker({
        url: small.url,
        clientId: 'srv-big',
        username: 'server',
        password: 'secret-server',
        log: quiet,
      });
      const inbox = new Inbox();
      await server.subscribe(siteTopic('big', 'telemetry'), inbox.handler);
      const agent = await connectBroker({ url: small.url, clientId: 'agt-big', log: quiet, ...login });
      await agent.publish(siteTopic('big', 'telemetry'), { padding: 'x'.repeat(2_000) }, { qos: 1 });
      await agent.publish(siteTopic('big', 'telemetry'), { small: true }, { qos: 1 });
      expect(await inbox.waitForJson(siteTopic('big', 'telemetry'))).toEqual({ small: true });
      expect(inbox.messages).toHaveLength(1);
      expect(dropped).toEqual(['too-large']);
      await Promise.all([server.close(), agent.close()]);
    } finally {
      await small.close();
    }
  });

  it('reconnects after the broker restarts, resubscribes and emits offline/connect', async () => {
    const first = await startEmbeddedBroker({ port: 0, authenticate: contractAuthenticate, log: quiet });
    const port = first.port;
    const agent = await connectBroker({
      url: first.url,
      clientId: 'agt-restart',
      username: 'agent:restart',
      password: 'secret-agent:restart',
      reconnectPeriodMs: 50,
      log: quiet,
    });
    const events: string[] = [];
    const offline = new Promise<void>((resolve) => agent.on('offline', () => resolve()));
    agent.on('offline', () => events.push('offline'));
    const reconnected = new Promise<void>((resolve) => agent.on('connect', () => resolve()));
    const inbox = new Inbox();
    await agent.subscribe(siteTopic('restart', 'setpoints'), inbox.handler);
    await first.close();
    await offline;
    expect(agent.connected).toBe(false);
    const second = await startEmbeddedBroker({ port, authenticate: contractAuthenticate, log: quiet });
    try {
      await reconnected;
      expect(events).toEqual(['offline']);
      const server = await connectBroker({
        url: second.url,
        clientId: 'srv-restart',
        username: 'server',
        password: 'secret-server',
        log: quiet,
      });
      // The new broker lost the session; the client subscribes again by itself.
      await waitUntil(async () => {
        await server.publish(siteTopic('restart', 'setpoints'), { seq: 1 }, { qos: 1 });
        return inbox.messages.length > 0;
      });
      await Promise.all([server.close(), agent.close()]);
    } finally {
      await second.close();
    }
  });

  it('sends a publish made offline after the reconnect; close() while offline fails the ones waiting', async () => {
    const first = await startEmbeddedBroker({ port: 0, authenticate: contractAuthenticate, log: quiet });
    const login = { username: 'server', password: 'secret-server', reconnectPeriodMs: 50, log: quiet };
    const sender = await connectBroker({ url: first.url, clientId: 'offline-sender', ...login });
    const offline = new Promise<void>((resolve) => sender.on('offline', () => resolve()));
    await first.close();
    await offline;
    const queued = sender.publish(siteTopic('off', 'setpoints'), { seq: 1 }, { qos: 1, retain: true });
    const second = await startEmbeddedBroker({
      port: first.port,
      authenticate: contractAuthenticate,
      log: quiet,
    });
    try {
      await queued;
      const reader = await connectBroker({ url: second.url, clientId: 'offline-reader', ...login });
      const inbox = new Inbox();
      await reader.subscribe(siteTopic('off', 'setpoints'), inbox.handler);
      expect(await inbox.waitForJson(siteTopic('off', 'setpoints'))).toEqual({ seq: 1 });
      await reader.close();
    } finally {
      await second.close();
    }
    const lost = sender.publish(siteTopic('off', 'setpoints'), { seq: 2 }, { qos: 1 });
    await sender.close();
    await expect(lost).rejects.toThrow(/closed/);
    await expect(sender.publish(siteTopic('off', 'setpoints'), {}, { qos: 1 })).rejects.toThrow(/closed/);
  });

  it('connectBroker rejects when nothing listens', async () => {
    const gone = await startEmbeddedBroker({ port: 0, authenticate: contractAuthenticate, log: quiet });
    await gone.close();
    await expect(
      connectBroker({
        url: gone.url,
        clientId: 'nobody',
        username: 'server',
        password: 'secret-server',
        log: quiet,
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/unreachable/) });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
