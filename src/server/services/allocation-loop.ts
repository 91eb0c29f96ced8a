import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { SitePlan } from '../../core/allocator/site-plan.ts';
import type { SitePlanInput } from '../../core/allocator/site-plan-input.ts';
import { type FleetPlanRequest, planFleetAt } from '../../core/backtest/plan-fleet-at.ts';
import { buildHashpriceCalendar, type HashpriceCalendar } from '../../core/economics/hashprice-calendar.ts';
import type { Fleet, Site } from '../../core/fleet/index.ts';
import { DEFAULT_LIVE_FORECASTER, liveForecaster } from '../../core/forecast/forecasters.ts';
import type { SetpointRecord, SiteDecisionRecord } from '../../core/ports/storage.ts';
import type { ServerMetrics } from '../plugins/metrics.ts';
import type { ServerDeps } from '../server-deps.ts';
import type { FleetService } from './fleet-service.ts';
import type { FeedPoller } from './market-feeds/feed-poller.ts';
import { withForecastWeather } from './market-feeds/forecast-weather.ts';
import { planFailureFallback, staleFeedLines } from './market-feeds/plan-fallback.ts';

const LEASE_NAME = 'allocator';

/** What the marketplace adds to each plan: leases as GPU load, and what to do with the plan. */
export interface PlanHooks {
  /** Refreshes whatever `gpuLoad` reads, before the sites are planned. */
  beforePlan?(): Promise<void>;
  gpuLoad?: FleetPlanRequest['gpuLoad'];
  /** Called with each site's input and plan, in order, after its setpoint is published. */
  afterPlan?(input: SitePlanInput, plan: SitePlan): Promise<void>;
}

export interface StepResult {
  readonly ran: boolean;
  readonly runId?: string;
  readonly reason?: string;
}

/**
 * The live allocation loop. Every interval: take the allocator lease (exactly one replica runs a
 * step; a dead holder's lease expires within one interval), claim the interval's run (a step runs
 * once), read the fleet, curtailments and grid events, plan every site on what is known now, store
 * the run with its explanations, then issue and publish one setpoint per site.
 */
export class AllocationLoop {
  private calendar: HashpriceCalendar | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private lastIntervalStartMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: ServerDeps,
    private readonly fleet: FleetService,
    private readonly metrics: ServerMetrics,
    private readonly log: FastifyBaseLogger,
    private readonly hooks: PlanHooks = {},
    private readonly feeds?: FeedPoller,
  ) {}

  /** Sites whose plans fail, since when (the failure policy's hold time runs from there). */
  private readonly failingSince = new Map<string, number>();

  private get intervalMs(): number {
    return this.deps.config.intervalMinutes * 60_000;
  }

  /** Checks the clock every `pollMs` of wall time and runs each new interval once. */
  start(pollMs = 1000): void {
    this.timer = setInterval(() => {
      const intervalStartMs = Math.floor(this.deps.clock.nowMs() / this.intervalMs) * this.intervalMs;
      if (intervalStartMs <= this.lastIntervalStartMs) return;
      this.lastIntervalStartMs = intervalStartMs;
      this.running = this.running
        .then(() => this.step(intervalStartMs))
        .catch((error) => {
          this.log.error({ err: error }, 'allocation step failed');
        });
    }, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * Publishes a curtailed setpoint (no mining; the GPUs keep the power they were last given, their
   * leases run on) to each of `siteIds` at once, without waiting for a plan or a running step: an
   * operator curtailment reaches the agents in the time it takes to store and publish one message
   * per site. The re-plan that follows publishes the planned (still curtailed) setpoints.
   */
  async publishCurtailed(siteIds: readonly string[], reason: string): Promise<void> {
    const { storage, clock, config, publisher } = this.deps;
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
          this.log.warn({ siteId, err: error }, 'setpoint publish failed; the agent reads it on reconnect');
        });
      }),
    );
  }

  /** Re-plans now for the given sites (an operator curtailment or grid event must not wait). */
  async replan(siteIds: readonly string[]): Promise<void> {
    const next = this.running.then(() => this.planAndPublish(siteIds, undefined));
    this.running = next.catch(() => undefined);
    await next;
  }

  /** One allocation step for the interval starting at `intervalStartMs`. */
  async step(intervalStartMs: number): Promise<StepResult> {
    const { storage, clock, config } = this.deps;
    const now = clock.nowMs();
    if (!(await storage.leader.acquire(LEASE_NAME, config.instanceId, now, this.intervalMs))) {
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
      const sites = await this.planAndPublish(undefined, run.id);
      const solveMs = performance.now() - started;
      await storage.allocations.complete(run.id, sites, clock.nowMs(), solveMs);
      this.metrics.solveSeconds.observe(solveMs / 1000);
      this.metrics.allocationRuns.inc({ result: 'completed' });
      await this.checkAcks();
      return { ran: true, runId: run.id };
    } catch (error) {
      await storage.allocations.fail(run.id, (error as Error).message, clock.nowMs());
      this.metrics.allocationRuns.inc({ result: 'failed' });
      throw error;
    }
  }

  /** Raises alerts for setpoints not acked in time. */
  async checkAcks(): Promise<void> {
    const { storage, clock, config } = this.deps;
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

  private async planAndPublish(
    onlySites: readonly string[] | undefined,
    runId: string | undefined,
  ): Promise<SiteDecisionRecord[]> {
    const { storage, clock, solver, config, publisher } = this.deps;
    const fleet = await this.fleet.fleet();
    if (!fleet) return [];
    const now = clock.nowMs();
    // Live: a snapshot of the stored history as known now (feeds write it); replay: the files.
    const market = this.deps.marketSnapshot ? await this.deps.marketSnapshot(now) : this.deps.market;
    if (this.deps.marketSnapshot)
      this.calendar = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
    const stale = this.feeds ? await this.feeds.stale(now) : [];
    const atMs = Math.floor(now / 900_000) * 900_000;
    const curtailed = new Map<string, string>();
    for (const c of await storage.curtailments.active())
      for (const id of c.siteIds) curtailed.set(id, c.reason);
    const events = await storage.gridEvents.overlapping(atMs, atMs + 86_400_000);
    const sites = fleet.sites.filter((s) => !onlySites || onlySites.includes(s.id));
    this.calendar ??= buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
    const records: SiteDecisionRecord[] = [];
    await this.hooks.beforePlan?.();
    for (const site of sites) {
      let planned: [SitePlanInput, SitePlan] | undefined;
      const live = this.deps.marketSnapshot ? withForecastWeather(site, market, atMs) : site;
      const withEvents = applyGridEvents(live, events);
      let record: SiteDecisionRecord;
      let setpoint: Omit<SetpointRecord, 'seq'>;
      const base = {
        siteId: site.id,
        runId,
        issuedAtMs: now,
        expiresAtMs: now + config.setpointTtlMinutes * 60_000,
      };
      const curtailReason = curtailed.get(site.id);
      // An event starting within the interval being decided is in force for it.
      const eventNow = events.find(
        (e) => e.siteIds.includes(site.id) && e.startMs < atMs + 900_000 && e.endMs > atMs,
      );
      try {
        const [plan] = planFleetAt(
          {
            fleet: { ...fleet, sites: [withEvents] } as Fleet,
            atMs,
            forecaster: liveForecaster(config.forecaster ?? DEFAULT_LIVE_FORECASTER),
            gpuLoad: this.hooks.gpuLoad,
            onPlanned: (input, sitePlan) => {
              planned = [input, sitePlan];
            },
          },
          { market, solver, calendar: this.calendar },
        );
        const first = plan!.decisions[0]!;
        const forcedOff =
          curtailReason !== undefined || (eventNow !== undefined && eventNow.shedMw === undefined);
        const explanation = [...staleFeedLines(stale, site, now), ...plan!.explanation];
        if (curtailReason !== undefined) explanation.unshift(`operator curtailment: ${curtailReason}`);
        else if (eventNow) explanation.unshift(`grid event ${eventNow.id} in force`);
        record = {
          siteId: site.id,
          decision: { ...first, plannedValueUsd: plan!.plannedValueUsd },
          explanation,
          expectedCents: Math.round(plan!.plannedValueUsd * 100),
        };
        setpoint = {
          ...base,
          miningMw: forcedOff ? 0 : round(first.miningMw),
          aiMw: round(first.gpuMw),
          batteryMw: round(first.chargeMw - first.dischargeMw),
          curtailed: forcedOff,
          reason: explanation.join('; '),
        };
        this.failingSince.delete(site.id);
        await storage.alerts.resolve('plan.failed', site.id, now);
      } catch (error) {
        // A site the allocator cannot plan follows its failure policy (default: hold the last
        // setpoint, then the breakeven rule on the last known price), never "asleep" by default.
        const message = (error as Error).message;
        const since = this.failingSince.get(site.id) ?? now;
        this.failingSince.set(site.id, since);
        const fallback = await planFailureFallback({
          storage,
          site,
          market,
          calendar: this.calendar,
          nowMs: now,
          failingSinceMs: since,
          currencies: fleet.currencies ?? {},
        });
        const forcedOff =
          curtailReason !== undefined || (eventNow !== undefined && eventNow.shedMw === undefined);
        const explanation = [`plan failed: ${message}`, fallback.reason, ...staleFeedLines(stale, site, now)];
        this.log.warn({ siteId: site.id, err: error, fallback: fallback.reason }, 'site plan failed');
        await storage.alerts.raise({
          atMs: now,
          siteId: site.id,
          severity: 'critical',
          kind: 'plan.failed',
          message: `the plan of site ${site.id} failed: ${message}; ${fallback.reason}`,
        });
        record = {
          siteId: site.id,
          decision: {},
          explanation,
          expectedCents: 0,
          error: message,
        };
        setpoint = {
          ...base,
          miningMw: forcedOff ? 0 : round(fallback.miningMw),
          aiMw: round(fallback.aiMw),
          batteryMw: round(fallback.batteryMw),
          curtailed: forcedOff,
          reason: explanation.join('; '),
        };
      }
      records.push(record);
      const issued = await storage.setpoints.issue(setpoint);
      await publisher.publishSetpoint(issued).catch((error) => {
        this.log.warn(
          { siteId: site.id, err: error },
          'setpoint publish failed; the agent reads it on reconnect',
        );
      });
      if (planned && this.hooks.afterPlan) {
        await this.hooks.afterPlan(...planned).catch((error) => {
          this.log.warn({ siteId: site.id, err: error }, 'applying the plan to leases failed');
        });
      }
    }
    return records;
  }
}

/** Grid events become demand-response caps the allocator honours: full curtailment = no import. */
export function applyGridEvents(
  site: Site,
  events: ReadonlyArray<{
    id: string;
    siteIds: readonly string[];
    startMs: number;
    endMs: number;
    shedMw?: number;
  }>,
): Site {
  const mine = events.filter((e) => e.siteIds.includes(site.id));
  if (mine.length === 0) return site;
  return {
    ...site,
    demandResponse: [
      ...site.demandResponse,
      ...mine.map((e) => ({
        id: `grid-${e.id.slice(0, 8)}`,
        from: new Date(e.startMs).toISOString(),
        to: new Date(e.endMs).toISOString(),
        // Full curtailment stops mining but keeps the GPUs' leases powered.
        maxImportMw:
          e.shedMw === undefined ? gpuFacilityMw(site) : Math.max(0, site.grid.importMw - e.shedMw),
      })),
    ],
  };
}

function gpuFacilityMw(site: Site): number {
  return (site.gpuNodes.reduce((sum, g) => sum + g.count * g.wattsPerGpu, 0) / 1e6) * site.pue;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
