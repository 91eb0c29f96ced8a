import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AckMessage,
  type EventMessage,
  FakeBroker,
  type FakeBrokerClient,
  Inbox,
  type SetpointMessage,
  type StatusMessage,
  siteFilter,
  siteTopic,
  type TelemetryMessage,
} from '../../src/adapters/broker/index.ts';
import { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { type AgentConfigInput, agentConfig } from '../../src/agent/agent-config.ts';
import { agentClientId, agentStatusWill } from '../../src/agent/agent-link.ts';
import { RecordingAgentLog } from '../../src/agent/agent-log.ts';
import type { FakeGpuNodes } from '../../src/agent/fake-gpu-nodes.ts';
import { FakeMinerFleet } from '../../src/agent/fake-miner-fleet.ts';
import { type CycleReport, SiteAgent } from '../../src/agent/site-agent.ts';
import { TelemetryBuffer } from '../../src/agent/telemetry-buffer.ts';
import type { SiteMeter } from '../../src/core/ports/site-meter.ts';

export const SITE = 'tx-west-1';
/** 2026-01-15 12:00 UTC. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
export const MINUTE = 60_000;

export const S19 = { model: 'Antminer S19j Pro', nameplate: { hashrateThs: 104, powerW: 3068 } }; // 29.5 J/TH
export const S21 = { model: 'Antminer S21', nameplate: { hashrateThs: 200, powerW: 3500 } }; // 17.5 J/TH

export interface HarnessOptions {
  readonly fleet?: (fleet: FakeMinerFleet) => FakeMinerFleet;
  readonly gpus?: FakeGpuNodes;
  readonly config?: Partial<AgentConfigInput>;
  /**
   * The pause between waves. Default: moves the fake clock on and resolves at once. `gate`: moves
   * the clock and then waits until the test calls `openGate()` (to catch a cycle between waves).
   */
  readonly delay?: 'advance' | 'gate';
  /** Reuse a buffer directory (an agent restart). */
  readonly bufferDir?: string;
  /** The site's meter, if it has one: as is, or made over the harness's fake fleet (closed-loop site power). */
  readonly meter?: SiteMeter | ((fleet: FakeMinerFleet) => SiteMeter);
}

/**
 * One agent on a FakeBroker, a fake miner fleet and a manual clock, plus a "server" connection
 * that sees everything the agent publishes. Steps move the clock by hand: no real sleeps.
 */
export class AgentHarness {
  readonly clock = new ManualClock(T0);
  readonly broker = new FakeBroker();
  readonly fleet: FakeMinerFleet;
  readonly gpus: FakeGpuNodes | undefined;
  readonly log = new RecordingAgentLog();
  readonly inbox = new Inbox();
  readonly reports: CycleReport[] = [];
  agent!: SiteAgent;
  agentClient!: FakeBrokerClient;
  server!: FakeBrokerClient;
  buffer!: TelemetryBuffer;
  bufferDir!: string;
  #ownsDir = false;
  #gates: (() => void)[] = [];

  private constructor(options: HarnessOptions) {
    this.fleet = (options.fleet ?? ((f) => f))(new FakeMinerFleet(this.clock));
    this.gpus = options.gpus;
  }

  static async create(options: HarnessOptions = {}): Promise<AgentHarness> {
    const h = new AgentHarness(options);
    h.#ownsDir = options.bufferDir === undefined;
    h.bufferDir = options.bufferDir ?? (await mkdtemp(join(tmpdir(), 'switchyard-agent-')));
    h.buffer = await TelemetryBuffer.open({ dir: h.bufferDir, log: h.log });
    h.server = await h.broker.connect({ clientId: 'server' });
    await h.server.subscribe(siteFilter(SITE), h.inbox.handler);
    h.agentClient = await h.broker.connect({ clientId: agentClientId(SITE), will: agentStatusWill(SITE) });
    const config = agentConfig({
      siteId: SITE,
      waveSize: 2,
      waveSpacingMs: 10_000,
      readTimeoutMs: 200,
      ...options.config,
    });
    h.agent = new SiteAgent({
      config,
      miners: h.fleet,
      ...(h.gpus ? { gpus: h.gpus } : {}),
      broker: h.agentClient,
      clock: h.clock,
      buffer: h.buffer,
      log: h.log,
      delay:
        options.delay === 'gate'
          ? (ms) => {
              h.clock.advance(ms);
              return new Promise<void>((resolve) => h.#gates.push(resolve));
            }
          : async (ms) => h.clock.advance(ms),
      onCycle: (report) => h.reports.push(report),
      ...(options.meter === undefined
        ? {}
        : { meter: typeof options.meter === 'function' ? options.meter(h.fleet) : options.meter }),
    });
    return h;
  }

  /** Releases every cycle waiting between waves (delay: 'gate'). */
  openGate(): void {
    for (const open of this.#gates.splice(0)) open();
  }

  /** Resolves once a cycle is waiting between waves (delay: 'gate'). */
  async untilGated(): Promise<void> {
    await until(() => this.#gates.length > 0);
  }

  /** Sets the clock to T0 + `offsetMs`. */
  at(offsetMs: number): this {
    this.clock.set(T0 + offsetMs);
    return this;
  }

  setpoint(seq: number, fields: Partial<SetpointMessage> = {}): SetpointMessage {
    return {
      siteId: SITE,
      seq,
      issuedAtMs: this.clock.nowMs(),
      expiresAtMs: this.clock.nowMs() + 15 * MINUTE,
      miningMw: 0,
      aiMw: 0,
      batteryMw: 0,
      curtailed: false,
      reason: 'test',
      ...fields,
    };
  }

  /** The control plane publishes a setpoint (retained, QoS 1) and the agent has acted on it. */
  async sendSetpoint(setpoint: SetpointMessage): Promise<void> {
    await this.server.publish(siteTopic(SITE, 'setpoints'), setpoint, { qos: 1, retain: true });
    await until(() => this.agent.setpoint?.seq === setpoint.seq);
    await this.agent.idle();
  }

  /** Commands the fleet received since the last call, as `action id[ W]`. */
  #seen = 0;
  newCommands(): string[] {
    const fresh = this.fleet.commands.slice(this.#seen);
    this.#seen = this.fleet.commands.length;
    return fresh.map((c) =>
      c.watts === undefined ? `${c.action} ${c.minerId}` : `${c.action} ${c.minerId} ${c.watts}`,
    );
  }

  acks(): AckMessage[] {
    return this.inbox.json(siteTopic(SITE, 'acks')) as AckMessage[];
  }

  events(): EventMessage[] {
    return this.inbox.json(siteTopic(SITE, 'events')) as EventMessage[];
  }

  telemetry(): TelemetryMessage[] {
    return this.inbox.json(siteTopic(SITE, 'telemetry')) as TelemetryMessage[];
  }

  statuses(): StatusMessage[] {
    return this.inbox.json(siteTopic(SITE, 'status')) as StatusMessage[];
  }

  retainedStatus(): StatusMessage | undefined {
    const payload = this.broker.retained(siteTopic(SITE, 'status'));
    return payload === undefined ? undefined : (JSON.parse(payload.toString('utf8')) as StatusMessage);
  }

  /** Lets queued broker deliveries (one macrotask each) arrive. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    this.openGate();
    await this.agent.stop();
    await this.agentClient.close();
    await this.server.close();
    await this.buffer.close();
    if (this.#ownsDir) await rm(this.bufferDir, { recursive: true, force: true });
  }
}

/** Polls `condition` once per macrotask until it holds (at most ~2 s of real time). */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
