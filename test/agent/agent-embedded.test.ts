import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AckMessage,
  connectBroker,
  type EmbeddedBroker,
  type EventMessage,
  type MqttBrokerClient,
  type Principal,
  type SetpointMessage,
  SiteChannel,
  startEmbeddedBroker,
  type TelemetryMessage,
} from '../../src/adapters/broker/index.ts';
import { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { agentConfig } from '../../src/agent/agent-config.ts';
import { agentClientId, agentStatusWill, brokerLoginFromKey } from '../../src/agent/agent-link.ts';
import { silentAgentLog } from '../../src/agent/agent-log.ts';
import { FakeMinerFleet } from '../../src/agent/fake-miner-fleet.ts';
import { SiteAgent } from '../../src/agent/site-agent.ts';
import { TelemetryBuffer } from '../../src/agent/telemetry-buffer.ts';
import { MINUTE, S19, S21, T0, until } from './agent-harness.ts';

const SITE = 'embedded-1';
const AGENT_KEY = `sy_0123456789ab_${'k'.repeat(32)}`;
const SERVER_SECRET = 'server-secret';
const quiet = { warn: () => {} };

/** What the control plane's broker does: the key id as username, the whole key as password. */
async function authenticate(username: string, password: string): Promise<Principal | undefined> {
  if (username === '0123456789ab' && password === AGENT_KEY) return { role: 'agent', siteId: SITE };
  if (username === 'switchyard-server' && password === SERVER_SECRET) return { role: 'server' };
  return undefined;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('site agent over the embedded broker', () => {
  it('acks setpoints and delivers telemetry to a server-side SiteChannel, across a broker restart', async () => {
    let broker: EmbeddedBroker = await startEmbeddedBroker({ port: 0, authenticate, log: quiet });
    cleanups.push(() => broker.close());
    const port = broker.port;

    // The server side: a SiteChannel, as the control plane runs it.
    const serverClient = await connectBroker({
      url: broker.url,
      username: 'switchyard-server',
      password: SERVER_SECRET,
      clientId: 'switchyard-test-server',
      reconnectPeriodMs: 50,
      log: quiet,
    });
    cleanups.push(() => serverClient.close());
    const received = {
      telemetry: [] as TelemetryMessage[],
      acks: [] as AckMessage[],
      events: [] as EventMessage[],
      status: [] as boolean[],
    };
    const channel = new SiteChannel(
      serverClient,
      {
        onTelemetry: (batch) => void received.telemetry.push(batch),
        onAck: (ack) => void received.acks.push(ack),
        onEvent: (event) => void received.events.push(event),
        onStatus: (_siteId, online) => void received.status.push(online),
      },
      { log: quiet },
    );
    await channel.start();

    // The agent: real MQTT client, fake miners, a manual clock.
    const clock = new ManualClock(T0);
    const fleet = new FakeMinerFleet(clock).withMiners('s19', 2, S19).withMiners('s21', 2, S21);
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-agent-embedded-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const buffer = await TelemetryBuffer.open({ dir, log: silentAgentLog });
    cleanups.push(() => buffer.close());
    const agentClient: MqttBrokerClient = await connectBroker({
      url: broker.url,
      ...brokerLoginFromKey(AGENT_KEY),
      clientId: agentClientId(SITE),
      will: agentStatusWill(SITE),
      reconnectPeriodMs: 50,
      log: quiet,
    });
    cleanups.push(() => agentClient.close());
    const agent = new SiteAgent({
      config: agentConfig({ siteId: SITE, waveSpacingMs: 10_000 }),
      miners: fleet,
      broker: agentClient,
      clock,
      buffer,
      log: silentAgentLog,
      delay: async (ms) => clock.advance(ms),
    });
    cleanups.push(() => agent.stop());
    await agent.start();
    await until(() => received.status.includes(true), 'online status');

    // A setpoint reaches the agent, which sleeps the two S19s and acks.
    const setpoint: SetpointMessage = {
      siteId: SITE,
      seq: 1,
      issuedAtMs: T0,
      expiresAtMs: T0 + 15 * MINUTE,
      miningMw: 0.007,
      aiMw: 0,
      batteryMw: 0,
      curtailed: false,
      reason: 'integration',
    };
    await channel.publishSetpoint(setpoint);
    await until(() => received.acks.length === 1, 'ack');
    expect(received.acks[0]).toMatchObject({ siteId: SITE, seq: 1, ok: true, reachedMiningMw: 0.00702 });
    expect(fleet.stateOf('s19-0')).toBe('sleeping');

    // Telemetry every poll.
    await agent.tick();
    await until(() => received.telemetry.length === 1, 'first batch');
    expect(received.telemetry[0]).toMatchObject({ siteId: SITE, batchId: `${SITE}-${T0}` });
    expect(received.telemetry[0]!.readings).toHaveLength(4);

    // The broker goes away for two polls; the batches wait on disk.
    await broker.close();
    await until(() => !agentClient.connected, 'agent offline');
    for (const minute of [1, 2]) {
      clock.set(T0 + minute * MINUTE);
      await agent.tick();
    }
    expect(buffer.pending).toBe(2);

    // It comes back on the same port; both clients reconnect and the backlog is delivered in order.
    broker = await startEmbeddedBroker({ port, authenticate, log: quiet });
    await until(() => agentClient.connected && serverClient.connected, 'reconnected');
    clock.set(T0 + 3 * MINUTE);
    await agent.tick();
    await agent.idle();
    await until(() => received.telemetry.length >= 4, 'backlog');
    const ids = received.telemetry.map((batch) => batch.batchId);
    // QoS 1 allows a duplicate on the wire (the server stores a batch id once); order and completeness must hold.
    expect([...new Set(ids)]).toEqual([0, 1, 2, 3].map((minute) => `${SITE}-${T0 + minute * MINUTE}`));
    expect(buffer.pending).toBe(0);

    // A clean stop says offline.
    await agent.stop();
    await until(() => received.status.at(-1) === false, 'offline status');
  }, 30_000);
});
