import type { AckMessage, SetpointMessage } from '../adapters/broker/index.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { SiteMeter } from '../core/ports/site-meter.ts';
import type { AgentConfig } from './agent-config.ts';
import type { AgentLog } from './agent-log.ts';
import { executeWaves, planWaves, type WavesResult } from './command-waves.ts';
import { type CycleReport, type CycleTrigger, cycleReport, logCycle } from './cycle-report.ts';
import { type Decision, decide, isLive } from './decide.ts';
import type { MinerCommand } from './dispatch.ts';
import { curtailAll } from './emergency-curtailment.ts';
import type { FallbackTracker } from './fallback-tracker.ts';
import { applyGpuLimits } from './gpu-limit-writer.ts';
import type { GpuNodeAccess } from './gpu-node-access.ts';
import type { MinerFleet } from './miner-fleet.ts';
import { pollSpreadMs } from './paced-reads.ts';
import { setpointAck } from './setpoint-ack.ts';
import type { SetpointHolder } from './setpoint-holder.ts';
import type { SiteMeterLoop } from './site-meter-loop.ts';
import type { SitePublisher } from './site-publisher.ts';
import { type SiteSnapshot, takeSnapshot } from './site-snapshot.ts';
import type { TelemetryQueue } from './telemetry-queue.ts';
import { describeError } from './with-timeout.ts';

export interface CycleRunnerDeps {
  readonly config: AgentConfig;
  readonly miners: MinerFleet;
  readonly gpus: GpuNodeAccess | undefined;
  /** The site revenue meter, read with every snapshot (optional). */
  readonly meter?: SiteMeter | undefined;
  readonly clock: Clock;
  /** The pause between command waves. */
  readonly delay: (ms: number) => Promise<void>;
  readonly log: AgentLog;
  readonly onCycle: ((report: CycleReport) => void) | undefined;
  /** The setpoints received; a cycle decides on the one held when it decides. */
  readonly setpoints: SetpointHolder;
  readonly fallback: FallbackTracker;
  readonly telemetry: TelemetryQueue;
  readonly publisher: SitePublisher;
  /** Whether the broker link is up now (for the log). */
  readonly online: () => boolean;
  /** The signal of the setpoint held now: a newer setpoint aborts it and cancels the remaining waves. */
  readonly signal: () => AbortSignal;
  /** The agent's clock, whole ms. */
  readonly nowMs: () => number;
  /** Closed-loop site power, when the site has a meter. */
  readonly meterLoop?: SiteMeterLoop;
}

/**
 * Runs one cycle (style rule 3): snapshot -> decide on the frozen snapshot -> write (miner
 * commands in waves, GPU power limits alongside), then the ack of a setpoint not acked yet and the
 * report. Keeps what cycles carry from one to the next: the last snapshot (a curtailment decides
 * on it rather than wait for fresh reads), the miners woken lately (warming up, not faulted) and
 * the setpoint acked last.
 */
export class CycleRunner {
  readonly #deps: CycleRunnerDeps;
  readonly #wokenAtMs = new Map<string, number>();
  #lastSnapshot: SiteSnapshot | undefined;
  /** The setpoint acked last (or being acked). */
  #acked: SetpointMessage | undefined;

  constructor(deps: CycleRunnerDeps) {
    this.#deps = deps;
  }

  async run(trigger: CycleTrigger): Promise<CycleReport> {
    const { config, setpoints } = this.#deps;
    const startedAtMs = this.#deps.nowMs();
    // 1. Snapshot. A curtailment decides on the last one rather than wait for every miner's read.
    // A poll's reads are spread over part of the period; a setpoint's are read at once.
    // Before the first poll has read the site (its reads are paced over the period), a curtailment
    // does not wait for it: every known miner counts as unread, and the emergency path sleeps them all.
    const snapshot =
      trigger === 'curtail'
        ? (this.#lastSnapshot ?? unreadSnapshot(this.#deps.miners.ids(), startedAtMs))
        : await this.#takeSnapshot(trigger === 'poll');
    if (trigger !== 'curtail') this.#lastSnapshot = snapshot;
    let batchIds: string[] = [];
    if (trigger === 'poll') batchIds = await this.#deps.telemetry.queue(snapshot);

    // 2. Decide, on the frozen snapshot.
    const nowMs = this.#deps.nowMs();
    const setpoint = setpoints.held;
    const signal = this.#deps.signal();
    // With a site meter, a live setpoint's mining MW is trimmed by what the meter shows.
    const meterLoop = this.#deps.meterLoop;
    const dispatched =
      meterLoop !== undefined && trigger !== 'curtail' && isLive(setpoint, nowMs) && !setpoint.curtailed
        ? await meterLoop.adjust(setpoint)
        : setpoint;
    let decision: Decision;
    try {
      decision = decide({
        snapshot,
        setpoint: dispatched,
        nowMs,
        fallback: config.fallback,
        underclockEfficiencyExponent: config.underclockEfficiencyExponent,
        wokenAtMs: this.#forgetOldWakes(nowMs),
        warmUpMs: config.warmUpMs,
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
      this.#deps.log.error({ err: report.error }, 'deciding failed; nothing written this cycle');
      return report;
    }
    this.#trackFallback(decision, nowMs);
    // Each setpoint is acked once, by the first cycle that decides on it.
    const toAck = setpoint !== undefined && setpoint !== this.#acked ? setpoint : undefined;
    if (toAck !== undefined) this.#acked = toAck;

    // 3. Write. A curtailment takes the emergency path: every sleep at once, then read-backs.
    const emergency = trigger === 'curtail' && decision.mode === 'curtail';
    const [wavesResult, gpuLimits] = await Promise.all([
      emergency
        ? this.#curtailAll(decision, snapshot)
        : executeWaves(planWaves(decision.commands, config.waveSize, lowersTarget(snapshot)), {
            fleet: this.#deps.miners,
            concurrency: config.commandConcurrency,
            timeoutMs: config.commandTimeoutMs,
            spacingMs: config.waveSpacingMs,
            delay: this.#deps.delay,
            signal,
            onSent: (command) => {
              if (command.action === 'wake') this.#wokenAtMs.set(command.minerId, this.#deps.nowMs());
            },
          }),
      applyGpuLimits(this.#deps.gpus, decision.gpuLimits, {
        concurrency: config.commandConcurrency,
        timeoutMs: config.commandTimeoutMs,
      }),
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
    logCycle(this.#deps.log, report);
    return report;
  }

  async #takeSnapshot(spread = false): Promise<SiteSnapshot> {
    const { config } = this.#deps;
    return takeSnapshot(this.#deps.miners, this.#deps.gpus, this.#deps.clock, {
      concurrency: config.readConcurrency,
      timeoutMs: config.readTimeoutMs,
      spreadMs: spread
        ? pollSpreadMs(
            this.#deps.miners.ids().length,
            config.readConcurrency,
            config.pollIntervalMs,
            config.readSpreadShare,
          )
        : 0,
      ...(this.#deps.meter ? { meter: this.#deps.meter } : {}),
    });
  }

  /**
   * The emergency path (emergency-curtailment.ts) over the miners the decision sleeps and those the
   * snapshot could not read (down then, perhaps back now: a sleep is safe); the latter's failures are
   * noted in the ack but do not fail it. Results as waves (one wave), for the ack.
   */
  async #curtailAll(decision: Decision, snapshot: SiteSnapshot): Promise<WavesResult & EmergencyExtra> {
    const { config } = this.#deps;
    const decided = decision.commands.filter((c) => c.action === 'sleep').map((c) => c.minerId);
    const down = snapshot.miners.filter((sample) => sample.observation === null).map((sample) => sample.id);
    const outcomes = await curtailAll([...decided, ...down], {
      fleet: this.#deps.miners,
      concurrency: config.commandConcurrency,
      timeoutMs: config.readTimeoutMs,
      rounds: config.curtailReadBacks,
      intervalMs: config.curtailReadBackMs,
      delay: this.#deps.delay,
      onSent: (minerId) => this.#wokenAtMs.delete(minerId),
    });
    const decidedOutcomes = outcomes.slice(0, decided.length);
    const downAsleep = outcomes.slice(decided.length).filter((outcome) => outcome.applied).length;
    return {
      outcomes: decidedOutcomes,
      wavesPlanned: 1,
      wavesRun: 1,
      interrupted: false,
      retried: outcomes.reduce((sum, outcome) => sum + outcome.attempts - 1, 0),
      notes:
        down.length > 0
          ? [
              `${down.length} miners unread at the last poll were sent the sleep too: ${downAsleep} read back asleep`,
            ]
          : [],
    };
  }

  /** Measures the mining power reached (a fresh read when commands were sent) and publishes the ack. */
  async #ack(
    setpoint: SetpointMessage,
    decision: Decision,
    snapshot: SiteSnapshot,
    waves: WavesResult & Partial<EmergencyExtra>,
  ): Promise<AckMessage> {
    const measured = waves.outcomes.length > 0 ? await this.#takeSnapshot() : snapshot;
    const meter =
      this.#deps.meterLoop !== undefined && !setpoint.curtailed
        ? await this.#deps.meterLoop.ackView(setpoint)
        : undefined;
    const ack = setpointAck({
      ...(meter === undefined ? {} : { meter }),
      ...(waves.retried === undefined ? {} : { retried: waves.retried }),
      ...(waves.notes === undefined ? {} : { notes: waves.notes }),
      siteId: this.#deps.config.siteId,
      setpoint,
      decision,
      waves,
      measured,
      held: this.#deps.setpoints.held,
      fallbackRule: this.#deps.config.fallback.rule,
      atMs: this.#deps.nowMs(),
    });
    this.#deps.publisher.publish('acks', ack);
    return ack;
  }

  #trackFallback(decision: Decision, nowMs: number): void {
    const change = this.#deps.fallback.record(
      decision.mode === 'fallback'
        ? {
            inFallback: true,
            rule: this.#deps.config.fallback.rule,
            reason: decision.fallbackReason ?? 'no-setpoint',
          }
        : { inFallback: false },
      nowMs,
    );
    if (change.began !== undefined) {
      this.#deps.log.warn(
        { rule: change.began.rule, reason: change.began.reason, online: this.#deps.online() },
        'no live setpoint: the fallback rule runs',
      );
    }
    if (change.ended?.toMs !== undefined) {
      this.#deps.log.info({ fromMs: change.ended.fromMs, toMs: change.ended.toMs }, 'back on setpoints');
      this.#deps.publisher.fallbackUsed(change.ended, change.ended.toMs, false);
    }
  }

  /** The miners woken less than `warmUpMs` ago, when each was told to wake. */
  #forgetOldWakes(nowMs: number): ReadonlyMap<string, number> {
    for (const [id, atMs] of this.#wokenAtMs) {
      if (nowMs - atMs >= this.#deps.config.warmUpMs) this.#wokenAtMs.delete(id);
    }
    return new Map(this.#wokenAtMs);
  }

  /** Completes the report and hands it to the onCycle listener (whose failure is only logged). */
  #report(fields: Parameters<typeof cycleReport>[0]): CycleReport {
    const report = cycleReport(fields);
    try {
      this.#deps.onCycle?.(report);
    } catch (error) {
      this.#deps.log.warn({ err: describeError(error) }, 'onCycle listener failed');
    }
    return report;
  }
}

/** Every miner unread (`observation: null`), as a curtailment sees a site no poll has read yet. */
export function unreadSnapshot(minerIds: readonly string[], atMs: number): SiteSnapshot {
  return {
    takenAtMs: atMs,
    miners: minerIds.map((id) => ({ id, observation: null, error: 'not read yet' })),
    gpus: [],
  };
}

/** What the emergency path adds to its waves result, for the ack. */
interface EmergencyExtra {
  readonly retried: number;
  readonly notes: readonly string[];
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
