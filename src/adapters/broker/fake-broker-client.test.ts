import { describe, expect, it } from 'vitest';
import { contractAuthenticate, contractLogin, runBrokerContract } from './broker.contract.ts';
import { FakeBroker } from './fake-broker-client.ts';
import { Inbox } from './inbox.ts';
import { siteTopic } from './topics.ts';

const broker = new FakeBroker({ authenticate: contractAuthenticate });

runBrokerContract('fake broker', (credentials) =>
  broker.connect({
    clientId: credentials.clientId,
    cleanSession: credentials.cleanSession,
    ...contractLogin(credentials),
    ...(credentials.will === undefined ? {} : { will: credentials.will }),
  }),
);

describe('FakeBroker', () => {
  it('serves seeded retained messages and logs what was published', async () => {
    const topic = siteTopic('s1', 'setpoints');
    const bus = new FakeBroker().withRetained(topic, { seq: 1 });
    const client = await bus.connect({ clientId: 'a' });
    const inbox = new Inbox();
    await client.subscribe(topic, inbox.handler);
    expect(await inbox.waitForJson(topic)).toEqual({ seq: 1 });
    await client.publish(topic, { seq: 2 }, { qos: 1, retain: true });
    expect(JSON.parse(bus.retained(topic)!.toString())).toEqual({ seq: 2 });
    expect(bus.published.map((message) => message.topic)).toEqual([topic]);
  });

  it('simulates a lost link: will, offline, publishes wait for the reconnect', async () => {
    const bus = new FakeBroker();
    const status = siteTopic('s1', 'status');
    const watcher = await bus.connect({ clientId: 'srv', cleanSession: true });
    const inbox = new Inbox();
    await watcher.subscribe(status, inbox.handler);
    const agent = await bus.connect({
      clientId: 'agt',
      will: { topic: status, payload: { online: false }, retain: true },
    });
    const events: string[] = [];
    agent.on('offline', () => events.push('offline'));
    agent.on('connect', () => events.push('connect'));

    agent.dropConnection();
    expect(agent.connected).toBe(false);
    expect(await inbox.waitForJson(status)).toEqual({ online: false });
    const pending = agent.publish(status, { online: true }, { qos: 1, retain: true });
    await agent.reconnect();
    await pending;
    await inbox.waitForJson(status, (json) => (json as { online: boolean }).online);
    expect(events).toEqual(['offline', 'connect']);
  });

  it('inject() bypasses the access rules', async () => {
    const bus = new FakeBroker({ authenticate: contractAuthenticate });
    const server = await bus.connect({ clientId: 'srv', username: 'server', password: 'secret-server' });
    const inbox = new Inbox();
    await server.subscribe('switchyard/v1/#', inbox.handler);
    bus.inject(siteTopic('s9', 'telemetry'), Buffer.from('raw'));
    const message = await inbox.waitFor(() => true);
    expect(message.payload.toString()).toBe('raw');
  });
});
