import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contractAuthenticate } from '../../src/adapters/broker/broker.contract.ts';
import { startEmbeddedBroker } from '../../src/adapters/broker/embedded-broker.ts';
import { FakeBroker, type FakeBrokerClient } from '../../src/adapters/broker/fake-broker-client.ts';
import { Inbox } from '../../src/adapters/broker/inbox.ts';
import type {
  AckMessage,
  EventMessage,
  SetpointMessage,
  TelemetryMessage,
} from '../../src/adapters/broker/messages.ts';
import { connectBroker } from '../../src/adapters/broker/mqtt-broker-client.ts';
import { SiteChannel, type SiteChannelHandlers } from '../../src/adapters/broker/site-channel.ts';
import { siteTopic } from '../../src/adapters/broker/topics.ts';

const T0 = 1_767_225_600_000;

const telemetry = (siteId: string, batchId = 'b1'): TelemetryMessage => ({
  siteId,
  batchId,
  sentAtMs: T0,
  readings: [
    {
      deviceId: 'm-001',
      kind: 'miner',
      atMs: T0 - 1_000,
      state: 'hashing',
      hashrateThs: 200,
      powerW: 3_500,
      maxTempC: 71.5,
      utilisation: null,
    },
  ],
});
const ack = (siteId: string, seq = 4): AckMessage => ({
  siteId,
  seq,
  atMs: T0,
  ok: true,
  message: 'applied',
  reachedMiningMw: 12.5,
});
const event = (siteId: string): EventMessage => ({
  siteId,
  atMs: T0,
  kind: 'fallback.engaged',
  message: 'no setpoint for 10 min',
  details: { lastSeq: 3 },
});
const setpoint = (siteId: string, seq = 5): SetpointMessage => ({
  siteId,
  seq,
  issuedAtMs: T0,
  expiresAtMs: T0 + 900_000,
  miningMw: 20,
  aiMw: 5,
  batteryMw: -2,
  curtailed: false,
  reason: 'plan',
});

interface Received {
  telemetry: TelemetryMessage[];
  acks: AckMessage[];
  events: EventMessage[];
  status: { siteId: string; online: boolean; atMs: number | undefined }[];
}

function recorder(): { received: Received; handlers: SiteChannelHandlers } {
  const received: Received = { telemetry: [], acks: [], events: [], status: [] };
  return {
    received,
    handlers: {
      onTelemetry: (batch) => void received.telemetry.push(batch),
      onAck: (message) => void received.acks.push(message),
      onEvent: (message) => void received.events.push(message),
      onStatus: (siteId, online, atMs) => void received.status.push({ siteId, online, atMs }),
    },
  };
}

function memoryLog() {
  const entries: { obj: Record<string, unknown>; msg: string }[] = [];
  return { entries, warn: (obj: object, msg: string) => void entries.push({ obj: obj as never, msg }) };
}

async function waitUntil(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SiteChannel on the fake broker', () => {
  let broker: FakeBroker;
  let server: FakeBrokerClient;
  let log: ReturnType<typeof memoryLog>;

  beforeEach(async () => {
    broker = new FakeBroker();
    server = await broker.connect({ clientId: 'server-1' });
    log = memoryLog();
  });

  afterEach(async () => {
    await server.close();
  });

  it('hands valid telemetry, acks, events and status to the handlers', async () => {
    const { received, handlers } = recorder();
    const channel = new SiteChannel(server, handlers, { log });
    await channel.start();
    broker.inject(siteTopic('tx-west-1', 'telemetry'), telemetry('tx-west-1'));
    broker.inject(siteTopic('tx-west-1', 'acks'), ack('tx-west-1'));
    broker.inject(siteTopic('ke-1', 'events'), event('ke-1'));
    broker.inject(siteTopic('ke-1', 'status'), { online: true, atMs: T0 });
    broker.inject(siteTopic('ke-2', 'status'), { online: false });
    await waitUntil(() => channel.accepted() === 5);
    expect(received.telemetry).toEqual([telemetry('tx-west-1')]);
    expect(received.acks).toEqual([ack('tx-west-1')]);
    expect(received.events).toEqual([event('ke-1')]);
    expect(received.status).toEqual([
      { siteId: 'ke-1', online: true, atMs: T0 },
      { siteId: 'ke-2', online: false, atMs: undefined },
    ]);
    expect(channel.rejected()).toEqual({
      'too-large': 0,
      'not-json': 0,
      invalid: 0,
      'site-mismatch': 0,
      'bad-topic': 0,
    });
    expect(log.entries).toEqual([]);
  });

  it('delivers the retained status of every site on start', async () => {
    broker.inject(siteTopic('s1', 'status'), { online: false }, { retain: true });
    const { received, handlers } = recorder();
    await new SiteChannel(server, handlers, { log }).start();
    await waitUntil(() => received.status.length === 1);
    expect(received.status[0]).toEqual({ siteId: 's1', online: false, atMs: undefined });
  });

  it('rejects, logs and counts invalid JSON, wrong types and a site mismatch; delivers the valid rest', async () => {
    const { received, handlers } = recorder();
    const channel = new SiteChannel(server, handlers, { log });
    await channel.start();
    const badTypes = { ...telemetry('s1'), readings: [{ ...telemetry('s1').readings[0], powerW: '3500' }] };
    broker.inject(siteTopic('s1', 'telemetry'), Buffer.from('{"siteId":"s1",'));
    broker.inject(siteTopic('s1', 'telemetry'), badTypes);
    broker.inject(siteTopic('s1', 'acks'), { ...ack('s1'), seq: 'four' });
    broker.inject(siteTopic('s1', 'telemetry'), telemetry('s2'));
    broker.inject(siteTopic('s1', 'status'), [1, 2]);
    broker.inject(siteTopic('s1', 'telemetry'), telemetry('s1', 'ok'));
    await waitUntil(() => channel.accepted() === 1 && log.entries.length === 5);

    expect(received.telemetry.map((batch) => batch.batchId)).toEqual(['ok']);
    expect(channel.rejected()).toMatchObject({ 'not-json': 1, invalid: 3, 'site-mismatch': 1 });
    const reasons = log.entries.map((entry) => entry.obj.reason);
    expect(reasons[0]).toMatch(/^payload is not JSON/);
    expect(reasons[1]).toBe('readings[0].powerW: expected number, received string');
    expect(reasons[2]).toBe('seq: expected number, received string');
    expect(reasons[3]).toBe('siteId: "s2" does not match the topic\'s site "s1"');
    expect(reasons[4]).toMatch(/expected object, received array/);
    expect(log.entries[0]).toMatchObject({
      obj: { code: 'SY_ERR_MESSAGE_INVALID', topic: siteTopic('s1', 'telemetry'), rejection: 'not-json' },
    });
  });

  it('counts every invalid message but logs a few per site per minute (issue 13, defect 11)', async () => {
    let now = 0;
    const { handlers } = recorder();
    const channel = new SiteChannel(server, handlers, { log, monotonicMs: () => now });
    await channel.start();
    for (let i = 0; i < 20; i++) broker.inject(siteTopic('s1', 'acks'), { ...ack('s1'), seq: 'x' });
    broker.inject(siteTopic('s2', 'acks'), { ...ack('s2'), seq: 'x' });
    await waitUntil(() => channel.rejected().invalid === 21);
    expect(log.entries.filter((e) => e.obj.topic === siteTopic('s1', 'acks'))).toHaveLength(5);
    expect(log.entries.filter((e) => e.obj.topic === siteTopic('s2', 'acks'))).toHaveLength(1);
    now += 60_000;
    broker.inject(siteTopic('s1', 'acks'), { ...ack('s1'), seq: 'x' });
    await waitUntil(() => channel.rejected().invalid === 22);
    expect(log.entries.at(-1)?.obj).toMatchObject({ suppressedBefore: 15 });
    channel.countDropped('too-large');
    expect(channel.rejected()['too-large']).toBe(1);
  });

  it('ignores empty payloads (a retained message being cleared)', async () => {
    const { handlers } = recorder();
    const channel = new SiteChannel(server, handlers, { log });
    await channel.start();
    broker.inject(siteTopic('s1', 'status'), Buffer.alloc(0), { retain: true });
    broker.inject(siteTopic('s1', 'status'), { online: true });
    await waitUntil(() => channel.accepted() === 1);
    expect(log.entries).toEqual([]);
  });

  it('keeps going when a handler throws or rejects', async () => {
    const { received, handlers } = recorder();
    let calls = 0;
    const channel = new SiteChannel(
      server,
      {
        ...handlers,
        onTelemetry: (batch) => {
          calls++;
          if (batch.batchId === 'throws') throw new Error('database down');
          received.telemetry.push(batch);
        },
        onAck: async () => {
          throw new Error('async failure');
        },
      },
      { log },
    );
    await channel.start();
    broker.inject(siteTopic('s1', 'telemetry'), telemetry('s1', 'throws'));
    broker.inject(siteTopic('s1', 'acks'), ack('s1'));
    broker.inject(siteTopic('s1', 'telemetry'), telemetry('s1', 'after'));
    await waitUntil(() => received.telemetry.length === 1 && channel.handlerFailures() === 2);
    expect(calls).toBe(2);
    expect(received.telemetry[0]?.batchId).toBe('after');
    expect(log.entries.map((entry) => entry.msg)).toEqual([
      'site message handler failed',
      'site message handler failed',
    ]);
    expect(Object.values(channel.rejected()).every((count) => count === 0)).toBe(true);
  });

  it('publishes a setpoint retained with only the message fields; refuses an invalid one', async () => {
    const { handlers } = recorder();
    const channel = new SiteChannel(server, handlers, { log });
    const record = { ...setpoint('s1'), runId: 'run-9', ackedAtMs: T0, ackOk: true, reachedMiningMw: 3 };
    await channel.publishSetpoint(record);
    const retained = JSON.parse(broker.retained(siteTopic('s1', 'setpoints'))!.toString());
    expect(retained).toEqual({ ...setpoint('s1'), runId: 'run-9' });
    expect(broker.published.at(-1)).toMatchObject({ retain: true, clientId: 'server-1' });

    await expect(channel.publishSetpoint({ ...setpoint('s1'), miningMw: -1 })).rejects.toMatchObject({
      code: 'SY_ERR_MESSAGE_INVALID',
      message: expect.stringContaining('miningMw'),
    });
    await expect(channel.publishSetpoint({ ...setpoint('s1'), siteId: 'Bad Site' })).rejects.toThrow();
  });
});

describe('SiteChannel end to end over the embedded broker', () => {
  it('carries agent messages to the handlers and the setpoint to the agent', async () => {
    const quiet = { warn: () => {} };
    const broker = await startEmbeddedBroker({ port: 0, authenticate: contractAuthenticate, log: quiet });
    const serverClient = await connectBroker({
      url: broker.url,
      clientId: 'e2e-server',
      username: 'server',
      password: 'secret-server',
      cleanSession: true,
      log: quiet,
    });
    const agent = await connectBroker({
      url: broker.url,
      clientId: 'e2e-agent',
      username: 'agent:e2e',
      password: 'secret-agent:e2e',
      cleanSession: true,
      will: { topic: siteTopic('e2e', 'status'), payload: { online: false }, retain: true },
      log: quiet,
    });
    try {
      const log = memoryLog();
      const { received, handlers } = recorder();
      const channel = new SiteChannel(serverClient, handlers, { log });
      await channel.start();
      const inbox = new Inbox();
      await agent.subscribe(siteTopic('e2e', 'setpoints'), inbox.handler);

      await agent.publish(siteTopic('e2e', 'status'), { online: true, atMs: T0 }, { qos: 1, retain: true });
      await agent.publish(siteTopic('e2e', 'telemetry'), telemetry('e2e'), { qos: 1 });
      await agent.publish(siteTopic('e2e', 'telemetry'), Buffer.from('garbage'), { qos: 1 });
      await agent.publish(siteTopic('e2e', 'acks'), ack('e2e'), { qos: 1 });
      await agent.publish(siteTopic('e2e', 'events'), event('e2e'), { qos: 1 });
      await channel.publishSetpoint(setpoint('e2e', 6));

      expect(await inbox.waitForJson(siteTopic('e2e', 'setpoints'))).toEqual(setpoint('e2e', 6));
      await waitUntil(() => channel.accepted() === 4 && channel.rejected()['not-json'] === 1);
      expect(received.telemetry).toEqual([telemetry('e2e')]);
      expect(received.acks).toEqual([ack('e2e')]);
      expect(received.events).toEqual([event('e2e')]);

      await agent.destroy();
      await waitUntil(() => received.status.some((status) => !status.online));
      expect(received.status.map((status) => status.online)).toEqual([true, false]);
    } finally {
      await Promise.allSettled([agent.close(), serverClient.close()]);
      await broker.close();
    }
  });
});
