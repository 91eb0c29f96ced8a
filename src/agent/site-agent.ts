import {
  type AckMessage,
  type BrokerClient,
  checkMessage,
  type EventMessage,
  type MessageOfTopic,
  type SetpointMessage,
  type SiteTopicKind,
  siteTopic,
} from '../adapters/broker/index.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { AgentConfig } from './agent-config.ts';
import { type AgentLog, consoleAgentLog } from './agent-log.ts';
import { executeWaves, planWaves, type WavesResult } from './command-waves.ts';
import { type Decision, decide, isLive } from './decide.ts';
import type { MinerCommand } from './dispatch.ts';
import { type FallbackEpisode, FallbackTracker } from './fallback-tracker.ts';
import type { GpuNodeAccess } from './gpu-node-access.ts';
import type { GpuLimitCommand } from './gpu-power-plan.ts';
import { mapLimit } from './map-limit.ts';
import type { MinerFleet } from './miner-fleet.ts';
import { SetpointHolder } from './setpoint-holder.ts';
import { measuredMiningW, type SiteSnapshot, takeSnapshot } from './site-snapshot.ts';
import type { TelemetryBuffer } from './telemetry-buffer.ts';
import { telemetryBatches } from './telemetry-readings.ts';
import { TelemetrySender } from './telemetry-sender.ts';
import { describeError, withTimeout } from './with-timeout.ts';

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
}

/** What started a cycle: the poll timer (or tick()), a new setpoint, or a new curtailment. */
export type CycleTrigger = 'poll' | 'setpoint' | 'curtail';

export interface GpuLimitOutcome extends GpuLimitCommand {
  readonly ok: boolean;
  readonly detail: string;
}

/** One cycle (snapshot -> decide -> write), for logs and tests. */
export interface CycleReport {
  readonly trigger: CycleTrigger;
  readonly startedAtMs: number;
  readonly snapshot: SiteSnapshot;
  /** Undefined when deciding failed (see `error`); nothing was written then. */
  readonly decision: Decision | undefined;
  readonly waves: WavesResult;
  readonly gpuLimits: readonly GpuLimitOutcome[];
  /** Telemetry batches this cycle queued (poll cycles only). */
  readonly batchIds: readonly string[];
  /** The ack this cycle published, if it acted on a setpoint not acked before. */
  readonly ack: AckMessage | undefined;
  readonly error?: string;
}

const NO_WAVES: WavesResult = { outcomes: [], wavesPlanned: 0, wavesRun: 0, interrupted: false };
/** How long stop() waits for the `{online:false}` status to be acknowledged, ms. */
const OFFLINE_STATUS_TIMEOUT_MS = 5_000;

/**
 * The site agent. Every poll (and at once on a new setpoint) it runs one cycle (style rule 3):
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
 * Cycles run one at a time, except a curtailment: it does not wait for the running cycle (whose
 * remaining waves are cancelled) and, to lose no time on reads, decides on the last snapshot.
 * Any new setpoint cancels the remaining waves of a running cycle, which acks `ok: false`
 * ("superseded").
 *
 * Link: `{online:true}` retained on the status topic on every (re)connect (the broker publishes
 * the `{online:false}` will when the link drops; stop() publishes it itself). When the fallback
 * rule ran during an outage, the reconnect publishes a `fallback-used` event; the end of a
 * fallback episode publishes one too, with `fromMs`/`toMs`.
 */
export class SiteAgent {
  readonly #config: AgentConfig;
  readonly #miners: MinerFleet;
  readonly #gpus: GpuNodeAccess | undefined;
  readonly #broker: BrokerClient;
  readonly #clock: Clock;
  readonly #buffer: TelemetryBuffer;
  readonly #delay: (ms: number) => Promise<void>;
  readonly #log: AgentLog;
  readonly #onCycle: ((report: CycleReport) => void) | undefined;
  readonly #setpoints: SetpointHolder;
  readonly #fallback = new FallbackTracker();
  readonly #sender: TelemetrySender;
  readonly #publishes = new Set<Promise<void>>();
  readonly #urgent = new Set<Promise<void>>();
  readonly #wokenAtMs = new Map<string, number>();
  readonly #removers: (() => void)[] = [];
  /** Aborted by every new setpoint (and by stop()): a cycle's remaining waves are cancelled. */
  #newSetpoint = new AbortController();
  #lastSnapshot: SiteSnapshot | undefined;
  /** The setpoint acked last (or being acked). */
  #acked: SetpointMessage | undefined;
  #lastBatchStampMs = -1;
  #pendingPoll:
    | { promise: Promise<CycleReport>; resolve: (r: CycleReport) => void; reject: (e: unknown) => void }
    | undefined;
  #pendingSetpoint = false;
  #pumping: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #subscribed = false;
  #stopped = false;

  constructor(deps: SiteAgentDeps) {
    this.#config = deps.config;
    this.#miners = deps.miners;
    this.#gpus = deps.gpus;
    this.#broker = deps.broker;
    this.#clock = deps.clock;
    this.#buffer = deps.buffer;
    this.#delay = deps.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#log = deps.log ?? consoleAgentLog;
    this.#onCycle = deps.onCycle;
    this.#setpoints = new SetpointHolder(deps.config.siteId, this.#log);
    this.#sender = new TelemetrySender(deps.buffer, deps.broker, this.#topic('telemetry'), this.#log);
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
      this.#publishStatus(true);
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
    if (this.#pendingPoll === undefined) {
      let resolve!: (r: CycleReport) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<CycleReport>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.#pendingPoll = { promise, resolve, reject };
    }
    const { promise } = this.#pendingPoll;
    this.#pump();
    return promise;
  }

  /**
   * Resolves once no cycle is running or queued, queued telemetry has been sent and every ack,
   * event and status has been published. While the broker is down that waits for the reconnect.
   */
  async idle(): Promise<void> {
    for (;;) {
      const waits = [...this.#urgent, ...this.#publishes, this.#sender.idle()];
      if (this.#pumping !== undefined) waits.push(this.#pumping);
      await Promise.all(waits);
      if (this.#urgent.size === 0 && this.#publishes.size === 0 && this.#pumping === undefined) return;
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
    await Promise.all([...this.#urgent, this.#pumping]);
    for (const remove of this.#removers.splice(0)) remove();
    if (this.#broker.connected) {
      try {
        await withTimeout(
          this.#broker.publish(
            this.#topic('status'),
            { online: false, atMs: this.#nowMs() },
            { qos: 1, retain: true },
          ),
          OFFLINE_STATUS_TIMEOUT_MS,
          'offline status',
        );
      } catch (error) {
        this.#log.warn({ err: describeError(error) }, 'could not publish the offline status');
      }
    }
  }

  // ------------------------------------------------------------------ link

  /**
   * Subscribes to the site's setpoints; only ever called while connected, and again on the next
   * connect when it did not succeed (an MQTT subscribe sent offline is failed by the client on
   * every reconnect attempt, see the report on MqttBrokerClient.subscribe).
   */
  async #subscribe(): Promise<void> {
    if (this.#subscribed) return;
    await this.#broker.subscribe(this.#topic('setpoints'), (_topic, payload) =>
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
    this.#publishStatus(true);
    const episode = this.#fallback.current;
    if (episode !== undefined) this.#publishFallbackEvent(episode, this.#nowMs(), true);
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
    if (setpoint.curtailed && isLive(setpoint, this.#nowMs())) {
      this.#runUrgent();
    } else {
      this.#pendingSetpoint = true;
      this.#pump();
    }
  }

  // ------------------------------------------------------------------ cycles

  #pump(): void {
    if (this.#pumping !== undefined || this.#stopped) return;
    this.#pumping = this.#drainQueue().finally(() => {
      this.#pumping = undefined;
      if (this.#pendingPoll !== undefined || this.#pendingSetpoint) this.#pump();
    });
  }

  async #drainQueue(): Promise<void> {
    while (!this.#stopped && (this.#pendingPoll !== undefined || this.#pendingSetpoint)) {
      // A curtailment in progress goes first.
      await Promise.all(this.#urgent);
      const poll = this.#pendingPoll;
      this.#pendingPoll = undefined;
      // A poll also decides on the newest setpoint, so it stands in for a pending setpoint cycle.
      this.#pendingSetpoint = false;
      try {
        const report = await this.#cycle(poll !== undefined ? 'poll' : 'setpoint');
        poll?.resolve(report);
      } catch (error) {
        this.#log.error({ err: describeError(error) }, 'cycle failed');
        poll?.reject(error);
      }
    }
    if (this.#stopped && this.#pendingPoll !== undefined) {
      this.#pendingPoll.reject(new Error('the site agent is stopped'));
      this.#pendingPoll = undefined;
    }
  }

  #runUrgent(): void {
    const run = this.#cycle('curtail')
      .then(() => {})
      .catch((error: unknown) => this.#log.error({ err: describeError(error) }, 'curtailment cycle failed'))
      .finally(() => this.#urgent.delete(run));
    this.#urgent.add(run);
  }

  async #cycle(trigger: CycleTrigger): Promise<CycleReport> {
    const startedAtMs = this.#nowMs();
    // 1. Snapshot. A curtailment decides on the last one rather than wait for every miner's read.
    const snapshot =
      trigger === 'curtail' && this.#lastSnapshot !== undefined
        ? this.#lastSnapshot
        : await this.#takeSnapshot();
    if (trigger !== 'curtail' || this.#lastSnapshot === undefined) this.#lastSnapshot = snapshot;
    let batchIds: string[] = [];
    if (trigger === 'poll') batchIds = await this.#queueTelemetry(snapshot);

    // 2. Decide, on the frozen snapshot.
    const nowMs = this.#nowMs();
    const setpoint = this.#setpoints.held;
    const signal = this.#newSetpoint.signal;
    let decision: Decision;
    try {
      decision = decide({
        snapshot,
        setpoint,
        nowMs,
        fallback: this.#config.fallback,
        underclockEfficiencyExponent: this.#config.underclockEfficiencyExponent,
        wokenAtMs: this.#forgetOldWakes(nowMs),
        warmUpMs: this.#config.warmUpMs,
      });
    } catch (error) {
      const report = this.#report({
        trigger,
        startedAtMs,
        snapshot,
        decision: undefined,
        batchIds,
        error: describeError(error),
      });
      this.#log.error({ err: report.error }, 'deciding failed; nothing written this cycle');
      return report;
    }
    this.#trackFallback(decision, nowMs);
    // Each setpoint is acked once, by the first cycle that decides on it.
    const toAck = setpoint !== undefined && setpoint !== this.#acked ? setpoint : undefined;
    if (toAck !== undefined) this.#acked = toAck;

    // 3. Write.
    const waves = planWaves(decision.commands, this.#config.waveSize, lowersTarget(snapshot));
    const [wavesResult, gpuLimits] = await Promise.all([
      executeWaves(waves, {
        fleet: this.#miners,
        concurrency: this.#config.commandConcurrency,
        timeoutMs: this.#config.commandTimeoutMs,
        spacingMs: this.#config.waveSpacingMs,
        delay: this.#delay,
        signal,
        onSent: (command) => {
          if (command.action === 'wake') this.#wokenAtMs.set(command.minerId, this.#nowMs());
        },
      }),
      this.#applyGpuLimits(decision.gpuLimits),
    ]);
    let ack: AckMessage | undefined;
    if (toAck !== undefined) ack = await this.#ack(toAck, decision, snapshot, wavesResult);
    const report = this.#report({
      trigger,
      startedAtMs,
      snapshot,
      decision,
      waves: wavesResult,
      gpuLimits,
      batchIds,
      ack,
    });
    this.#logCycle(report);
    return report;
  }

  async #takeSnapshot(): Promise<SiteSnapshot> {
    return takeSnapshot(this.#miners, this.#gpus, this.#clock, {
      concurrency: this.#config.readConcurrency,
      timeoutMs: this.#config.readTimeoutMs,
    });
  }

  async #queueTelemetry(snapshot: SiteSnapshot): Promise<string[]> {
    // Batch ids must be unique: a second poll within the same ms gets the next ms.
    const stampMs = Math.max(snapshot.takenAtMs, this.#lastBatchStampMs + 1);
    this.#lastBatchStampMs = stampMs;
    const ids: string[] = [];
    for (const batch of telemetryBatches(this.siteId, snapshot, stampMs, this.#config.maxReadingsPerBatch)) {
      const checked = checkMessage('telemetry', this.siteId, batch);
      if (!checked.ok) {
        this.#log.error(
          { batchId: batch.batchId, reason: checked.reason },
          'telemetry batch invalid; not queued',
        );
        continue;
      }
      try {
        if ((await this.#buffer.append(checked.value)) > 0) ids.push(batch.batchId);
      } catch (error) {
        this.#log.error(
          { batchId: batch.batchId, err: describeError(error) },
          'telemetry batch could not be queued',
        );
      }
    }
    this.#sender.kick();
    return ids;
  }

  async #applyGpuLimits(commands: readonly GpuLimitCommand[]): Promise<GpuLimitOutcome[]> {
    const gpus = this.#gpus;
    if (gpus === undefined || commands.length === 0) return [];
    return mapLimit(commands, this.#config.commandConcurrency, async (command) => {
      try {
        await withTimeout(
          gpus.setPowerLimit(command.nodeId, command.watts),
          this.#config.commandTimeoutMs,
          `power limit ${command.nodeId}`,
        );
        return { ...command, ok: true, detail: `limit set to ${command.watts} W` };
      } catch (error) {
        return { ...command, ok: false, detail: describeError(error) };
      }
    });
  }

  /** Measures the mining power reached (a fresh read when commands were sent) and publishes the ack. */
  async #ack(
    setpoint: SetpointMessage,
    decision: Decision,
    snapshot: SiteSnapshot,
    waves: WavesResult,
  ): Promise<AckMessage> {
    const seq = setpoint.seq;
    const after = waves.outcomes.length > 0 ? await this.#takeSnapshot() : snapshot;
    const reachedMiningMw = Math.max(0, measuredMiningW(after) / 1e6);
    const failed = waves.outcomes.filter((outcome) => !outcome.applied);
    const expired = decision.mode === 'fallback';
    const newer = this.#setpoints.held;
    const parts: string[] = [];
    if (expired) {
      parts.push(
        `setpoint ${seq} expired at ${new Date(setpoint.expiresAtMs).toISOString()} before it could be applied; ` +
          `fallback rule ${this.#config.fallback.rule} applies`,
      );
    }
    if (waves.interrupted) {
      parts.push(
        `superseded${newer !== undefined && newer.seq !== seq ? ` by setpoint ${newer.seq}` : ''} after ` +
          `${waves.wavesRun} of ${waves.wavesPlanned} command waves`,
      );
    }
    if (failed.length > 0) {
      const listed = failed
        .slice(0, 5)
        .map((outcome) => `${describeCommand(outcome.command)}: ${outcome.detail}`)
        .join('; ');
      parts.push(
        `${failed.length} of ${waves.outcomes.length} commands did not take effect: ${listed}` +
          (failed.length > 5 ? `; and ${failed.length - 5} more` : ''),
      );
    }
    const ok = !expired && !waves.interrupted && failed.length === 0;
    if (ok) {
      parts.push(`${waves.outcomes.length} commands applied in ${waves.wavesRun} waves (${decision.mode})`);
    }
    parts.push(...decision.notes);
    const ack: AckMessage = {
      siteId: this.siteId,
      seq,
      atMs: this.#nowMs(),
      ok,
      message: parts.join('; ').slice(0, 4_000),
      reachedMiningMw,
    };
    this.#publish('acks', ack);
    return ack;
  }

  #trackFallback(decision: Decision, nowMs: number): void {
    const change = this.#fallback.record(
      decision.mode === 'fallback'
        ? {
            inFallback: true,
            rule: this.#config.fallback.rule,
            reason: decision.fallbackReason ?? 'no-setpoint',
          }
        : { inFallback: false },
      nowMs,
    );
    if (change.began !== undefined) {
      this.#log.warn(
        { rule: change.began.rule, reason: change.began.reason, online: this.#broker.connected },
        'no live setpoint: the fallback rule runs',
      );
    }
    if (change.ended?.toMs !== undefined) {
      this.#log.info({ fromMs: change.ended.fromMs, toMs: change.ended.toMs }, 'back on setpoints');
      this.#publishFallbackEvent(change.ended, change.ended.toMs, false);
    }
  }

  #publishFallbackEvent(episode: FallbackEpisode, toMs: number, ongoing: boolean): void {
    const from = new Date(episode.fromMs).toISOString();
    const to = new Date(toMs).toISOString();
    const event: EventMessage = {
      siteId: this.siteId,
      atMs: this.#nowMs(),
      kind: 'fallback-used',
      message: ongoing
        ? `fallback rule ${episode.rule} has run since ${from} (${episode.reason}) and still runs at ${to}`
        : `fallback rule ${episode.rule} ran from ${from} to ${to} (${episode.reason})`,
      details: { rule: episode.rule, reason: episode.reason, fromMs: episode.fromMs, toMs, ongoing },
    };
    this.#publish('events', event);
  }

  #publishStatus(online: boolean): void {
    this.#publish('status', { online, atMs: this.#nowMs() }, true);
  }

  /** Publishes in the background (a publish waits for the link while it is down); failures are logged. */
  #publish<K extends SiteTopicKind>(kind: K, message: MessageOfTopic[K], retain = false): void {
    const checked = checkMessage(kind, this.siteId, message);
    if (!checked.ok) {
      this.#log.error({ kind, reason: checked.reason }, 'outgoing message invalid; not sent');
      return;
    }
    const run = this.#broker
      .publish(this.#topic(kind), checked.value, { qos: 1, retain })
      .catch((error: unknown) => this.#log.warn({ kind, err: describeError(error) }, 'publish failed'))
      .finally(() => this.#publishes.delete(run));
    this.#publishes.add(run);
  }

  #forgetOldWakes(nowMs: number): ReadonlyMap<string, number> {
    for (const [id, atMs] of this.#wokenAtMs) {
      if (nowMs - atMs >= this.#config.warmUpMs) this.#wokenAtMs.delete(id);
    }
    return new Map(this.#wokenAtMs);
  }

  #report(
    fields: Partial<CycleReport> &
      Pick<CycleReport, 'trigger' | 'startedAtMs' | 'snapshot' | 'decision' | 'batchIds'>,
  ): CycleReport {
    const report: CycleReport = { waves: NO_WAVES, gpuLimits: [], ack: undefined, ...fields };
    try {
      this.#onCycle?.(report);
    } catch (error) {
      this.#log.warn({ err: describeError(error) }, 'onCycle listener failed');
    }
    return report;
  }

  #logCycle(report: CycleReport): void {
    const decision = report.decision;
    if (decision === undefined) return;
    const failed = report.waves.outcomes.filter((outcome) => !outcome.applied).length;
    const entry = {
      trigger: report.trigger,
      mode: decision.mode,
      seq: decision.seq,
      commands: report.waves.outcomes.length,
      failed,
      waves: `${report.waves.wavesRun}/${report.waves.wavesPlanned}`,
      gpuLimits: report.gpuLimits.length,
      minersDown: report.snapshot.miners.filter((sample) => sample.observation === null).length,
      notes: decision.notes,
    };
    if (failed > 0) this.#log.warn(entry, 'cycle done; some commands did not take effect');
    else this.#log.info(entry, 'cycle done');
  }

  #topic(kind: SiteTopicKind): string {
    return siteTopic(this.#config.siteId, kind);
  }

  #nowMs(): number {
    return Math.round(this.#clock.nowMs());
  }
}

/** True for a power target below what the miner holds now (it sheds load and goes in the first wave). */
function lowersTarget(snapshot: SiteSnapshot): (command: MinerCommand) => boolean {
  const currentW = new Map<string, number>();
  for (const sample of snapshot.miners) {
    const observation = sample.observation;
    if (observation === null) continue;
    const watts = observation.reading.powerTargetW ?? observation.nameplate?.powerW;
    if (watts !== undefined) currentW.set(sample.id, watts);
  }
  return (command) =>
    command.action === 'set-power-target' &&
    command.watts < (currentW.get(command.minerId) ?? Number.POSITIVE_INFINITY);
}

function describeCommand(command: MinerCommand): string {
  return command.action === 'set-power-target'
    ? `${command.minerId} set-power-target ${command.watts} W`
    : `${command.minerId} ${command.action}`;
}
