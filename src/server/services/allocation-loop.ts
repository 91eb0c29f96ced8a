import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { SitePlan } from '../../core/allocator/site-plan.ts';
import type { SitePlanInput } from '../../core/allocator/site-plan-input.ts';
import type { FleetPlanRequest } from '../../core/backtest/plan-fleet-at.ts';
import { buildHashpriceCalendar, type HashpriceCalendar } from '../../core/economics/hashprice-calendar.ts';
import type { Fleet } from '../../core/fleet/index.ts';
import { DEFAULT_LIVE_FORECASTER } from '../../core/forecast/forecasters.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { LpSolver } from '../../core/ports/lp-solver.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { SiteDecisionRecord, Storage } from '../../core/ports/storage.ts';
import { type FleetTickSnapshot, planFleetTick, type SitePower } from '../../core/ticks/fleet-tick.ts';
import type { StaleFeed } from '../../core/ticks/stale-feed-lines.ts';
import type { ServerMetrics } from '../plugins/metrics.ts';
import type { LeaderElection, ScheduledJob } from '../scheduler.ts';
import type { ServerConfig, SetpointPublisher } from '../server-deps.ts';
import { withForecastWeather } from './market-feeds/forecast-weather.ts';
import { type FailedWrite, TickWrites } from './tick-writes.ts';

const LEASE_NAME = 'allocator';

/** What the marketplace adds to each plan: leases as GPU load, and what to do with the plan. */
export interface PlanHooks {
  /** Refreshes whatever `gpuLoad` reads, before the sites are planned (part of the snapshot). */
  beforePlan?(): Promise<void>;
  gpuLoad?: FleetPlanRequest['gpuLoad'];
  /** Called with each site's input and plan, in the write phase, after the setpoints are published. */
  afterPlan?(input: SitePlanInput, plan: SitePlan): Promise<void>;
}

export interface StepResult {
  readonly ran: boolean;
  readonly runId?: string;
  readonly reason?: string;
  /** Outputs the write phase could not write (each writer failed alone; the others wrote). */
  readonly failedWrites?: readonly FailedWrite[];
}

export interface AllocationLoopOptions {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly solver: LpSolver;
  readonly publisher: SetpointPublisher;
  readonly config: ServerConfig;
  /** The market the files replay; each tick plans on `marketSnapshot(now)` instead when given. */
  readonly market: MarketData;
  readonly marketSnapshot?: (nowMs: number) => Promise<MarketData>;
  readonly fleet: () => Promise<Fleet | undefined>;
  readonly metrics: ServerMetrics;
  readonly log: FastifyBaseLogger;
  readonly leader: LeaderElection;
  readonly hooks?: PlanHooks;
  /** Feeds past their maximum age now (none without live feeds). */
  readonly staleFeeds?: (nowMs: number) => Promise<StaleFeed[]>;
}

/**
 * The live allocation loop, one tick per interval: take the allocator lease (exactly one replica
 * runs a tick; a dead holder's lease expires within one interval) and claim the interval's run (a
 * tick runs once); then (1) snapshot: the fleet, the market as known now, the desk's manual prices, curtailments, grid events,
 * stale feeds, the last setpoints and the leases; (2) decide: `planFleetTick` in the core; (3) write
 * every output in one phase: the run's records, alerts, one setpoint per site stored and published,
 * the plans applied to the leases, each writer's failure recorded without stopping the others.
 */
export class AllocationLoop {
  readonly #options: AllocationLoopOptions;
  #calendar: HashpriceCalendar | undefined;
  #running: Promise<unknown> = Promise.resolve();
  /** Sites whose plans fail, since when (the failure policy's hold time runs from there). */
  readonly #failingSince = new Map<string, number>();

  constructor(options: AllocationLoopOptions) {
    this.#options = options;
  }

  private get intervalMs(): number {
    return this.#options.config.intervalMinutes * 60_000;
  }

  /** The scheduler's job: checks the clock every `checkEveryMs` of wall time, ticks each new interval once. */
  job(checkEveryMs = 1000): ScheduledJob {
    return {
      name: 'allocation',
      everyMs: checkEveryMs,
      clockIntervalMs: this.intervalMs,
      tick: (intervalStartMs) => this.#serially(() => this.step(intervalStartMs)),
    };
  }

  /** Runs `work` after the tick or re-plan in flight (one at a time). */
  #serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#running.then(work);
    this.#running = next.catch(() => undefined);
    return next;
  }

  /**
   * Publishes a curtailed setpoint (no mining; the GPUs keep the power they were last given, their
   * leases run on) to each of `siteIds` at once, without waiting for a plan or a running step: an
   * operator curtailment reaches the agents in the time it takes to store and publish one message
   * per site. The re-plan that follows publishes the planned (still curtailed) setpoints.
   */
  async publishCurtailed(siteIds: readonly string[], reason: string): Promise<void> {
    const { storage, clock, config, publisher, log } = this.#options;
    const now = clock.nowMs();
    await Promise.all(
      siteIds.map(async (siteId) => {
        const last = await storage.setpoints.latest(siteId);
        const issued = await storage.setpoints.issue({
          siteId,
          runId: undefined,
          issuedAtMs: now,
          expiresAtMs: now + config.setpointTtlMinutes * 60_000,
          miningMw: 0,
          aiMw: last?.aiMw ?? 0,
          batteryMw: 0,
          curtailed: true,
          reason: `operator curtailment: ${reason}`,
        });
        await publisher.publishSetpoint(issued).catch((error) => {
          log.warn({ siteId, err: error }, 'setpoint publish failed; the agent reads it on reconnect');
        });
      }),
    );
  }

  /** Re-plans now for the given sites (an operator curtailment or grid event must not wait). */
  async replan(siteIds: readonly string[]): Promise<void> {
    await this.#serially(() => this.#tick(siteIds, undefined));
  }

  /** One allocation tick for the interval starting at `intervalStartMs`. */
  async step(intervalStartMs: number): Promise<StepResult> {
    const { storage, clock, config, metrics } = this.#options;
    const now = clock.nowMs();
    if (!(await this.#options.leader.holds(LEASE_NAME, this.intervalMs))) {
      return { ran: false, reason: 'another replica holds the allocator lease' };
    }
    const run = await storage.allocations.claim(
      {
        id: randomUUID(),
        intervalStartMs,
        startedAtMs: now,
        runner: config.instanceId,
        inputs: { intervalStartMs },
      },
      this.intervalMs,
      // This replica holds the allocator lease: a run another runner left `running` was abandoned.
      true,
    );
    if (!run) return { ran: false, reason: 'this interval already has a run' };
    try {
      const started = performance.now();
      const { records, writes } = await this.#tick(undefined, run.id);
      const solveMs = performance.now() - started;
      await storage.allocations.complete(run.id, records, clock.nowMs(), solveMs);
      metrics.solveSeconds.observe(solveMs / 1000);
      metrics.allocationRuns.inc({ result: 'completed' });
      await this.checkAcks();
      return {
        ran: true,
        runId: run.id,
        ...(writes.failed.length > 0 ? { failedWrites: writes.failed } : {}),
      };
    } catch (error) {
      await storage.allocations.fail(run.id, (error as Error).message, clock.nowMs());
      metrics.allocationRuns.inc({ result: 'failed' });
      throw error;
    }
  }

  /** Raises alerts for setpoints not acked in time. */
  async checkAcks(): Promise<void> {
    const { storage, clock, config } = this.#options;
    const now = clock.nowMs();
    for (const setpoint of await storage.setpoints.unacked(now - config.ackTimeoutSeconds * 1000)) {
      if (setpoint.expiresAtMs < now - this.intervalMs) continue;
      await storage.alerts.raise({
        atMs: now,
        siteId: setpoint.siteId,
        severity: 'warning',
        kind: 'setpoint.not-acked',
        message: `site ${setpoint.siteId} has not acked setpoint ${setpoint.seq} (issued ${new Date(setpoint.issuedAtMs).toISOString()})`,
      });
    }
  }

  /** Snapshot, decide, write: the sites' records for the run, and what the write phase could not write. */
  async #tick(
    onlySites: readonly string[] | undefined,
    runId: string | undefined,
  ): Promise<{ records: SiteDecisionRecord[]; writes: TickWrites }> {
    const writes = new TickWrites(this.#options.log);
    const snapshot = await this.#snapshot(onlySites, runId);
    if (!snapshot) return { records: [], writes };
    const decisions = planFleetTick(snapshot, this.#options.solver);
    await this.#write(decisions, writes);
    return { records: decisions.map((d) => d.record), writes };
  }

  async #snapshot(
    onlySites: readonly string[] | undefined,
    runId: string | undefined,
  ): Promise<FleetTickSnapshot | undefined> {
    const { storage, clock, config, hooks } = this.#options;
    const fleet = await this.#options.fleet();
    if (!fleet) return undefined;
    const nowMs = clock.nowMs();
    // Live: a snapshot of the stored history as known now (feeds write it); replay: the files.
    const { marketSnapshot } = this.#options;
    const market = marketSnapshot ? await marketSnapshot(nowMs) : this.#options.market;
    if (marketSnapshot || !this.#calendar)
      this.#calendar = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
    const atMs = Math.floor(nowMs / this.intervalMs) * this.intervalMs;
    const sites = fleet.sites.filter((s) => !onlySites || onlySites.includes(s.id));
    const [staleFeeds, curtailments, gridEvents, lastSetpoints, manualPrices] = await Promise.all([
      this.#options.staleFeeds?.(nowMs) ?? [],
      storage.curtailments.active(),
      storage.gridEvents.overlapping(atMs, atMs + 86_400_000),
      Promise.all(sites.map(async (s) => [s.id, await storage.setpoints.latest(s.id)] as const)),
      storage.manualPrices.current(nowMs),
    ]);
    await hooks?.beforePlan?.();
    const curtailed = new Map<string, string>();
    for (const c of curtailments) for (const id of c.siteIds) curtailed.set(id, c.reason);
    const last = new Map<string, SitePower>();
    for (const [id, s] of lastSetpoints)
      if (s) last.set(id, { miningMw: s.miningMw, aiMw: s.aiMw, batteryMw: s.batteryMw });
    return {
      nowMs,
      intervalMs: this.intervalMs,
      // Live: behind-the-meter solar and wind on the site's Open-Meteo forecast where it covers the grid.
      fleet: marketSnapshot
        ? { ...fleet, sites: fleet.sites.map((s) => withForecastWeather(s, market, atMs)) }
        : fleet,
      siteIds: onlySites,
      market,
      calendar: this.#calendar,
      forecaster: config.forecaster ?? DEFAULT_LIVE_FORECASTER,
      curtailments: curtailed,
      gridEvents,
      manualPrices,
      staleFeeds,
      lastSetpoints: last,
      failingSince: new Map(this.#failingSince),
      gpuLoad: hooks?.gpuLoad,
      runId,
      setpointTtlMs: config.setpointTtlMinutes * 60_000,
    };
  }

  /** The write phase: alerts, setpoints (stored, then published), then the plans to the leases. */
  async #write(decisions: ReturnType<typeof planFleetTick>, writes: TickWrites): Promise<void> {
    const { storage, publisher, hooks, log } = this.#options;
    for (const d of decisions) {
      if (d.failure) {
        this.#failingSince.set(d.siteId, d.failure.sinceMs);
        log.warn(
          { siteId: d.siteId, err: d.failure.message, fallback: d.failure.fallback },
          'site plan failed',
        );
      } else this.#failingSince.delete(d.siteId);
    }
    for (const d of decisions) {
      const { alert } = d;
      await writes.attempt('storage', d.siteId, 'alert', async () => {
        if ('raise' in alert) await storage.alerts.raise(alert.raise);
        else await storage.alerts.resolve(alert.resolve, d.siteId, d.setpoint.issuedAtMs);
      });
      const issued = await writes.attempt('storage', d.siteId, 'setpoint', () =>
        storage.setpoints.issue(d.setpoint),
      );
      // The agent reads a setpoint it missed on reconnect: a failed publish is logged, not fatal.
      if (issued)
        await writes.attempt('broker', d.siteId, 'setpoint publish', () => publisher.publishSetpoint(issued));
    }
    if (hooks?.afterPlan) {
      for (const d of decisions) {
        if (d.planned)
          await writes.attempt('compute', d.siteId, 'plan applied to leases', () =>
            hooks.afterPlan!(d.planned!.input, d.planned!.plan),
          );
      }
    }
  }
}
