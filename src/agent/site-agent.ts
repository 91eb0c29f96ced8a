import type { BrokerClient } from '../adapters/broker/index.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { SiteMeter } from '../core/ports/site-meter.ts';
import type { AgentConfig } from './agent-config.ts';
import { type AgentLog, consoleAgentLog } from './agent-log.ts';
import type { CycleReport } from './cycle-report.ts';
import { CycleRunner } from './cycle-runner.ts';
import { CycleScheduler } from './cycle-scheduler.ts';
import { isLive } from './decide.ts';
import { type FallbackEpisode, FallbackTracker } from './fallback-tracker.ts';
import type { GpuNodeAccess } from './gpu-node-access.ts';
import type { MinerFleet } from './miner-fleet.ts';
import { SetpointHolder } from './setpoint-holder.ts';
import { SiteMeterLoop } from './site-meter-loop.ts';
import { SitePublisher } from './site-publisher.ts';
import type { TelemetryBuffer } from './telemetry-buffer.ts';
import { TelemetryQueue } from './telemetry-queue.ts';
import { TelemetrySender } from './telemetry-sender.ts';
import { describeError } from './with-timeout.ts';

export type { CycleReport, CycleTrigger } from './cycle-report.ts';
export type { GpuLimitOutcome } from './gpu-limit-writer.ts';

export interface SiteAgentDeps {
  readonly config: AgentConfig;
  readonly miners: MinerFleet;
  /** The site's GPU nodes, if it has any. */
  readonly gpus?: GpuNodeAccess;
  /** Connected (or connecting) with agentClientId() and agentStatusWill(); the caller closes it. */
  readonly broker: BrokerClient;
  /** Stamps telemetry, decides expiry, names batches. */
  readonly clock: Clock;
  /** Where telemetry waits for the broker; the caller closes it. */
  readonly buffer: TelemetryBuffer;
  /** The pause between command waves; real timers by default. Tests advance their fake clock. */
  readonly delay?: (ms: number) => Promise<void>;
  readonly log?: AgentLog;
  /** Called after every cycle with what it did (logs, the simulator, tests). */
  readonly onCycle?: (report: CycleReport) => void;
  /**
   * The site's revenue meter (Modbus TCP, src/adapters/meter), when it has one: read every cycle into
   * telemetry, and the agent holds the measured site power at the setpoint (site-meter-loop.ts),
   * reporting the meter in each ack. The caller closes it.
   */
  readonly meter?: SiteMeter;
}

/**
 * The site agent. Every poll (and at once on a new setpoint) it runs one cycle (style rule 3;
 * cycle-runner.ts):
 *
 * 1. snapshot: read every miner and GPU node concurrently, each within a timeout (a device that
 *    does not answer is down: its reading is null, never 0); a poll's snapshot becomes a telemetry
 *    batch, queued on disk and sent in order whenever the broker is up;
 * 2. decide on the frozen snapshot: the held setpoint if it is live (dispatch, or curtail-all for
 *    a curtailment), else the configured fallback rule;
 * 3. write: miner commands in waves (sheds all at once, wakes and raises `waveSize` at a time,
 *    `waveSpacingMs` apart), GPU power limits alongside; then, for a setpoint not acked yet, an ack
 *    with the mining power measured by a fresh read.
 *
 * Cycles run one at a time, except a curtailment (cycle-scheduler.ts): it does not wait for the
 * running cycle (whose remaining waves are cancelled) and, to lose no time on reads, decides on the
 * last snapshot. Any new setpoint cancels the remaining waves of a running cycle, which acks
 * `ok: false` ("superseded").
 *
 * Link: `{online:true}` retained on the status topic on every (re)connect (the broker publishes
 * the `{online:false}` will when the link drops; stop() publishes it itself). When the fallback
 * rule ran during an outage, the reconnect publishes a `fallback-used` event; the end of a
 * fallback episode publishes one too, with `fromMs`/`toMs`.
 */
export class SiteAgent {
  readonly #config: AgentConfig;
  readonly #broker: BrokerClient;
  readonly #clock: Clock;
  readonly #log: AgentLog;
  readonly #setpoints: SetpointHolder;
  readonly #fallback = new FallbackTracker();
  readonly #sender: TelemetrySender;
  readonly #publisher: SitePublisher;
  readonly #scheduler: CycleScheduler;
  readonly #removers: (() => void)[] = [];
  /** Aborted by every new setpoint (and by stop()): a cycle's remaining waves are cancelled. */
  #newSetpoint = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #subscribed = false;
  #stopped = false;

  constructor(deps: SiteAgentDeps) {
    this.#config = deps.config;
    this.#broker = deps.broker;
    this.#clock = deps.clock;
    this.#log = deps.log ?? consoleAgentLog;
    const nowMs = () => this.#nowMs();
    this.#setpoints = new SetpointHolder(deps.config.siteId, this.#log);
    this.#publisher = new SitePublisher(deps.broker, deps.config.siteId, this.#log, nowMs);
    this.#sender = new TelemetrySender(
      deps.buffer,
      deps.broker,
      this.#publisher.topic('telemetry'),
      this.#log,
    );
    const runner = new CycleRunner({
      config: deps.config,
      miners: deps.miners,
      gpus: deps.gpus,
      meter: deps.meter,
      clock: deps.clock,
      delay: deps.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      log: this.#log,
      onCycle: deps.onCycle,
      ...(deps.meter === undefined
        ? {}
        : {
            meterLoop: new SiteMeterLoop(
              deps.meter,
              {
                tolerance: deps.config.meterTolerance,
                gain: deps.config.meterGain,
                timeoutMs: deps.config.readTimeoutMs,
              },
              this.#log,
            ),
          }),
      setpoints: this.#setpoints,
      fallback: this.#fallback,
      telemetry: new TelemetryQueue(
        deps.config.siteId,
        deps.buffer,
        this.#sender,
        deps.config.maxReadingsPerBatch,
        this.#log,
      ),
      publisher: this.#publisher,
      online: () => this.#broker.connected,
      signal: () => this.#newSetpoint.signal,
      nowMs,
    });
    this.#scheduler = new CycleScheduler(
      (trigger) => runner.run(trigger),
      this.#log,
      () => this.#stopped,
    );
  }

  get siteId(): string {
    return this.#config.siteId;
  }

  /** The newest valid setpoint received, expired or not. */
  get setpoint() {
    return this.#setpoints.held;
  }

  /** The fallback episode running now, if any. */
  get fallbackEpisode(): FallbackEpisode | undefined {
    return this.#fallback.current;
  }

  /** Batches published from the buffer since the start. */
  get telemetrySent(): number {
    return this.#sender.sent;
  }

  /**
   * Subscribes to the site's setpoints, publishes `{online:true}` (now if connected, else on
   * connect) and starts sending queued telemetry. Does not poll: see startPolling() and tick().
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#removers.push(
      this.#broker.on('connect', () => this.#onConnect()),
      this.#broker.on('offline', () =>
        this.#log.warn({ siteId: this.siteId }, 'broker link lost; running locally'),
      ),
    );
    if (this.#broker.connected) {
      // Connected: a refused subscription (wrong site for this key) fails the start.
      await this.#subscribe();
      this.#publisher.status(true);
      this.#sender.kick();
    } else {
      this.#log.warn({ siteId: this.siteId }, 'broker not connected at start; running locally until it is');
    }
  }

  /**
   * Polls every `pollIntervalMs` (wall time) until stop(). The first poll comes after
   * `firstPollDelayMs` (default 2 s, capped at the interval), which lets the retained setpoint
   * arrive first.
   */
  startPolling(firstPollDelayMs = Math.min(2_000, this.#config.pollIntervalMs)): void {
    if (this.#timer !== undefined || this.#stopped) return;
    const loop = async () => {
      if (this.#stopped) return;
      const started = Date.now();
      try {
        await this.tick();
      } catch (error) {
        if (!this.#stopped) this.#log.error({ err: describeError(error) }, 'poll failed');
      }
      if (this.#stopped) return;
      this.#timer = setTimeout(loop, Math.max(0, this.#config.pollIntervalMs - (Date.now() - started)));
    };
    this.#timer = setTimeout(loop, firstPollDelayMs);
  }

  /**
   * Runs one poll cycle (after the one running, if any; polls requested meanwhile are merged)
   * and resolves with its report.
   */
  tick(): Promise<CycleReport> {
    if (this.#stopped) return Promise.reject(new Error('the site agent is stopped'));
    return this.#scheduler.poll();
  }

  /**
   * Resolves once no cycle is running or queued, queued telemetry has been sent and every ack,
   * event and status has been published. While the broker is down that waits for the reconnect.
   */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.all([...this.#scheduler.inFlight, ...this.#publisher.inFlight, this.#sender.idle()]);
      if (!this.#scheduler.busy && !this.#publisher.busy) return;
    }
  }

  /**
   * Stops polling, cancels remaining waves, lets the running cycle finish, and publishes
   * `{online:false}` (retained) when connected. The caller then closes the broker and the buffer.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#newSetpoint.abort();
    this.#sender.stop();
    await this.#scheduler.settled();
    for (const remove of this.#removers.splice(0)) remove();
    await this.#publisher.offline();
  }

  // ------------------------------------------------------------------ link

  /**
   * Subscribes to the site's setpoints; only ever called while connected, and again on the next
   * connect when it did not succeed (an MQTT subscribe sent offline is failed by the client on
   * every reconnect attempt, see the report on MqttBrokerClient.subscribe).
   */
  async #subscribe(): Promise<void> {
    if (this.#subscribed) return;
    await this.#broker.subscribe(this.#publisher.topic('setpoints'), (_topic, payload) =>
      this.#onSetpointMessage(payload),
    );
    this.#subscribed = true;
  }

  #onConnect(): void {
    if (this.#stopped) return;
    this.#log.info({ siteId: this.siteId }, 'broker link up');
    if (!this.#subscribed) {
      this.#subscribe().catch((error: unknown) =>
        this.#log.error(
          { err: describeError(error) },
          'subscription to the setpoints failed; retrying on the next connect',
        ),
      );
    }
    this.#publisher.status(true);
    const episode = this.#fallback.current;
    if (episode !== undefined) this.#publisher.fallbackUsed(episode, this.#nowMs(), true);
    this.#sender.kick();
  }

  #onSetpointMessage(payload: Buffer): void {
    if (this.#stopped) return;
    const setpoint = this.#setpoints.offer(payload);
    if (setpoint === undefined) return;
    this.#log.info(
      { seq: setpoint.seq, miningMw: setpoint.miningMw, aiMw: setpoint.aiMw, curtailed: setpoint.curtailed },
      'setpoint received',
    );
    // The running cycle decided on an older setpoint: its remaining waves are moot.
    this.#newSetpoint.abort();
    this.#newSetpoint = new AbortController();
    if (setpoint.curtailed && isLive(setpoint, this.#nowMs())) this.#scheduler.curtail();
    else this.#scheduler.setpoint();
  }

  #nowMs(): number {
    return Math.round(this.#clock.nowMs());
  }
}
