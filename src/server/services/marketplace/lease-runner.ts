import type { FastifyBaseLogger } from 'fastify';
import type { SitePlan } from '../../../core/allocator/site-plan.ts';
import type { SitePlanInput } from '../../../core/allocator/site-plan-input.ts';
import type { SiteGpuLoad } from '../../../core/backtest/plan-fleet-at.ts';
import { SwitchyardError } from '../../../core/errors/index.ts';
import type { Fleet } from '../../../core/fleet/index.ts';
import {
  choosePreemptions,
  isTerminal,
  type Lease,
  type LeaseState,
  type MeterSegment,
  monthOf,
  statesBefore,
  type Tenant,
} from '../../../core/marketplace/index.ts';
import {
  type LeaseDecision,
  type LeaseView,
  leaseStep,
  meterReport,
  needsObservation,
} from '../../../core/marketplace/lease-step.ts';
import { spendingLimitStep, tenantsToCheck } from '../../../core/marketplace/spending-limit-step.ts';
import type { ComputeBackend, ComputeStatus } from '../../../core/ports/compute-backend.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import type { ScheduledJob } from '../../scheduler.ts';
import { TickWrites } from '../tick-writes.ts';
import { computeId, computeRequest } from './compute-request.ts';
import type { HubConditionsService } from './hub-conditions-service.ts';
import type { InvoiceService } from './invoice-service.ts';
import { type PlanningGrid, siteGpuLoad } from './lease-load.ts';
import { ACTIVE_LEASE_STATES, interruptibleIn, type LeasePreemption } from './lease-preemption.ts';
import { applyPoolPower } from './pool-power.ts';

const SPENDING_CHECK_MS = 30_000;

export interface LeaseRunnerOptions {
  readonly storage: Storage;
  readonly nowMs: () => number;
  readonly compute: ComputeBackend;
  /** The hubs' green share now (metering). */
  readonly hub: Pick<HubConditionsService, 'peek'>;
  readonly invoices: Pick<InvoiceService, 'toDate' | 'issueClosedMonth'>;
  readonly preemption: LeasePreemption;
  /** The fleet (each site's PUE, for metering). */
  readonly fleet: () => Promise<Fleet | undefined>;
  readonly log?: FastifyBaseLogger;
}

/**
 * Drives leases through their lifecycle on the compute backend, one tick at a time: (1) snapshot:
 * the active leases, and for each lease on its GPUs the nodes' report and its meter segments;
 * (2) decide: `leaseStep` in the core (metering, the lease state machine, the allocator's batch
 * placements); (3) write: meter segments, the compute backend, the state change, each lease's
 * failure recorded without stopping the others. Every 30 s the spending limits are checked
 * (`spendingLimitStep`) and closed months invoiced. Every state change is a compare-and-set, so a
 * tenant's stop racing a tick is harmless.
 */
export class LeaseRunner {
  readonly #options: LeaseRunnerOptions;
  /** GPUs the latest plan gives each batch job now. */
  readonly #batchGpus = new Map<string, number>();
  /** GPU-seconds each lease has run, from its meter segments. */
  readonly #gpuSecondsRun = new Map<string, number>();
  #active: Lease[] = [];
  #lastSpendingCheckMs = Number.NEGATIVE_INFINITY;
  /** Leases this process placed or took back after a restart. */
  readonly #adopted = new Set<string>();

  constructor(options: LeaseRunnerOptions) {
    this.#options = options;
  }

  /** The scheduler's job: a tick every `everyMs` on the replica holding the lease-runner lease. */
  job(everyMs = 1000): ScheduledJob {
    return {
      name: 'lease-runner',
      everyMs,
      leader: { lease: 'lease-runner', ttlMs: everyMs * 5 },
      tick: () => this.tick(),
    };
  }

  /** Re-reads the active leases (the allocation tick's snapshot calls it before planning). */
  async refresh(): Promise<void> {
    this.#active = await this.#options.storage.marketplace.listLeases({ states: ACTIVE_LEASE_STATES });
  }

  /** One tick over every active lease, then (every 30 s) the spending limits and invoicing. */
  async tick(): Promise<TickWrites> {
    const writes = new TickWrites(this.#warnLog());
    const views = await this.#snapshot(writes);
    for (const view of views) {
      const decision = leaseStep(view);
      await writes.attempt('compute', view.lease.id, 'lease step', () => this.#write(view, decision));
    }
    const now = this.#options.nowMs();
    if (now - this.#lastSpendingCheckMs >= SPENDING_CHECK_MS) {
      this.#lastSpendingCheckMs = now;
      await this.#enforceSpendingLimits();
      await this.#options.invoices.issueClosedMonth();
    }
    return writes;
  }

  async #snapshot(writes: TickWrites): Promise<LeaseView[]> {
    const fleet = await this.#options.fleet();
    await this.refresh();
    const views: LeaseView[] = [];
    for (const lease of this.#active) {
      const view = await writes.attempt('compute', lease.id, 'lease observation', async () => {
        if (!(await this.#adopt(lease))) return undefined;
        const nowMs = this.#options.nowMs();
        const base = {
          lease,
          nowMs,
          plannedBatchGpus: this.#batchGpus.get(lease.id) ?? 0,
          gpuSecondsRun: this.#gpuSecondsRun.get(lease.id) ?? 0,
        };
        if (!needsObservation(lease, nowMs)) return base;
        const status = await this.#options.compute.status(computeId(lease));
        return { ...base, observed: { status, ...(await this.#meterInputs(lease, fleet)) } };
      });
      if (view) views.push(view);
    }
    return views;
  }

  /** The write phase of one lease: its meter segments, then the step on the backend and in storage. */
  async #write(view: LeaseView, decision: LeaseDecision): Promise<void> {
    const { lease } = view;
    const { compute, nowMs } = this.#options;
    await this.#storeMeter(lease, decision.segments, decision.gpuSecondsRun);
    const { step } = decision;
    switch (step.kind) {
      case 'wait':
        return;
      case 'provision':
        return this.#provision(lease);
      case 'start':
        return this.#startWorkload(lease);
      case 'move':
        if (step.stopFirst) await compute.stop(computeId(lease)).catch(() => undefined);
        await this.#move(lease, step.to, step.atMs, step.reason);
        return;
      case 'finish':
        await this.#finish(lease, 'completed', step.reason);
        return;
      case 'pause':
        await compute.stop(computeId(lease));
        await this.#move(lease, 'pending', nowMs(), step.reason);
        return;
    }
  }

  /**
   * After a restart: hands the backend a lease it placed before (once), so it can follow and stop
   * it. Returns false when the backend cannot take it back now (tried again next tick).
   */
  async #adopt(lease: Lease): Promise<boolean> {
    const { compute, log } = this.#options;
    if (this.#adopted.has(lease.id) || lease.placements.length === 0 || lease.state === 'pending')
      return true;
    if (!compute.adopt) return true;
    try {
      await compute.adopt(computeId(lease), computeRequest(lease), lease.placements);
      this.#adopted.add(lease.id);
      return true;
    } catch (error) {
      log?.warn({ leaseId: lease.id, err: error }, 'could not take the lease back after a restart');
      return false;
    }
  }

  /** Stops a lease for its tenant (or an operator): cancelled before it runs, completed after. */
  async stopLease(lease: Lease, reason: string): Promise<Lease> {
    const { compute, nowMs, storage } = this.#options;
    if (isTerminal(lease.state)) {
      throw new SwitchyardError(
        'SY_ERR_MARKET_LEASE_STATE',
        `lease ${lease.id} already ended (${lease.state})`,
        {
          state: lease.state,
        },
      );
    }
    if (lease.state === 'pending' || lease.state === 'provisioning') {
      if (lease.placements.length > 0) await compute.stop(computeId(lease)).catch(() => undefined);
      const cancelled = await this.#move(lease, 'cancelled', nowMs(), reason);
      if (cancelled) return cancelled;
    } else {
      const status = await compute.stop(computeId(lease));
      await this.#meterStop(lease, status);
      const done = await this.#move(lease, 'completed', status.stoppedAtMs ?? nowMs(), reason);
      if (done) return done;
    }
    return (await storage.marketplace.getLease(lease.id)) ?? lease;
  }

  /** The marketplace's leases at a site as load for the allocator (committed, interruptible, batch). */
  gpuLoad(siteId: string, grid: PlanningGrid): SiteGpuLoad {
    return siteGpuLoad(
      this.#active.filter((l) => l.siteId === siteId),
      grid,
      (id) => this.#gpuSecondsRun.get(id) ?? 0,
    );
  }

  /**
   * Applies a site's plan: preempts interruptible GPUs it no longer serves, places batch jobs, and
   * tells the compute backend how many GPUs each pool may power (a site short of power drains nodes
   * without ending committed work; they are resumed when power returns).
   */
  async applyPlan(input: SitePlanInput, plan: SitePlan): Promise<void> {
    await this.#preemptForPlan(input, plan);
    const { compute, storage, nowMs } = this.#options;
    await applyPoolPower(compute, storage, nowMs(), input, plan);
  }

  async #preemptForPlan(input: SitePlanInput, plan: SitePlan): Promise<void> {
    const first = plan.decisions[0];
    if (!first) return;
    const { preemption } = this.#options;
    for (const [jobId, gpus] of Object.entries(first.batchGpus)) this.#batchGpus.set(jobId, gpus);
    for (const group of input.gpuGroups) {
      const mine = interruptibleIn(this.#active, input.siteId, group.id);
      const wanted = mine.filter((l) => l.state !== 'preempting').reduce((s, l) => s + l.gpus, 0);
      const served = Math.floor((first.interruptibleGpus[group.id] ?? 0) + 1e-6);
      if (served >= wanted) continue;
      const notice = await preemption.noticeSeconds(input.siteId, group.id);
      const reason = `energy needed: the allocator serves ${served} of ${wanted} interruptible GPUs (${plan.explanation[0] ?? 'site plan'})`;
      for (const lease of choosePreemptions(mine, wanted - served))
        await preemption.preempt(lease, notice, reason);
    }
  }

  /** Gives an interruptible lease notice; the node stops it when the notice runs out. */
  preempt(lease: Lease, noticeSeconds: number, reason: string): Promise<Lease | undefined> {
    return this.#options.preemption.preempt(lease, noticeSeconds, reason);
  }

  async #provision(lease: Lease): Promise<void> {
    const { storage, compute, nowMs } = this.#options;
    try {
      const workload = await storage.leaseWorkloads.get(lease.tenantId, lease.idempotencyKey);
      const request = computeRequest(workload ? { ...lease, workload } : lease, true);
      const placements = await compute.provision(request);
      this.#adopted.add(lease.id);
      await this.#move(
        lease,
        'provisioning',
        nowMs(),
        `placed on ${placements.map((p) => p.nodeId).join(', ')}`,
        {
          placements,
        },
      );
    } catch (error) {
      await this.#move(lease, 'failed', nowMs(), `could not place: ${(error as Error).message}`);
    }
  }

  async #startWorkload(lease: Lease): Promise<void> {
    const { compute, nowMs } = this.#options;
    try {
      const status = await compute.start(computeId(lease));
      await this.#move(lease, 'running', status.startedAtMs ?? nowMs(), 'workload started on its GPUs');
    } catch (error) {
      await compute.stop(computeId(lease)).catch(() => undefined);
      await this.#move(lease, 'failed', nowMs(), `could not start: ${(error as Error).message}`);
    }
  }

  async #finish(lease: Lease, to: LeaseState, reason: string): Promise<void> {
    const status = await this.#options.compute.stop(computeId(lease));
    await this.#meterStop(lease, status);
    await this.#move(lease, to, status.stoppedAtMs ?? this.#options.nowMs(), reason);
  }

  /** What metering a lease reads: its stored segments, its site's PUE and its hub's green share. */
  async #meterInputs(lease: Lease, fleet: Fleet | undefined) {
    const segments = await this.#options.storage.marketplace.meterSegments({
      leaseIds: [lease.id],
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    const site = fleet?.sites.find((s) => s.id === lease.siteId);
    const meter = { pue: site?.pue ?? 1, greenShare: this.#options.hub.peek(lease.siteId)?.greenShare ?? 0 };
    return { segments, meter };
  }

  /** Meters the report a stop returned (read, decide, write at once: the lease is ending now). */
  async #meterStop(lease: Lease, status: ComputeStatus): Promise<void> {
    const { segments, meter } = await this.#meterInputs(lease, await this.#options.fleet());
    const { changed, gpuSecondsRun } = meterReport(lease, segments, status, meter);
    await this.#storeMeter(lease, changed, gpuSecondsRun);
  }

  async #storeMeter(lease: Lease, changed: readonly MeterSegment[], gpuSecondsRun: number): Promise<void> {
    for (const segment of changed) await this.#options.storage.marketplace.putMeterSegment(segment);
    this.#gpuSecondsRun.set(lease.id, gpuSecondsRun);
  }

  async #move(
    lease: Lease,
    to: LeaseState,
    atMs: number,
    reason: string,
    patch?: Parameters<Storage['marketplace']['transition']>[5],
  ): Promise<Lease | undefined> {
    const moved = await this.#options.storage.marketplace.transition(
      lease.id,
      statesBefore(to, lease.tier),
      to,
      atMs,
      reason,
      patch,
    );
    if (moved && isTerminal(to)) this.#batchGpus.delete(lease.id);
    return moved;
  }

  /** Snapshot (tenants, this month's charges), `spendingLimitStep`, then the preemptions and stops. */
  async #enforceSpendingLimits(): Promise<void> {
    const { storage, invoices, preemption, nowMs } = this.#options;
    const tenants = new Map<string, Tenant>();
    const spent = new Map<string, number>();
    for (const tenantId of tenantsToCheck(this.#active)) {
      const tenant = await storage.marketplace.getTenant(tenantId);
      if (!tenant) continue;
      tenants.set(tenantId, tenant);
      spent.set(tenantId, (await invoices.toDate(tenantId, monthOf(nowMs()))).totalCents);
    }
    for (const { lease, action, reason } of spendingLimitStep(this.#active, tenants, spent)) {
      if (action === 'preempt')
        await preemption.preempt(lease, await preemption.noticeSeconds(lease.siteId, lease.groupId), reason);
      else await this.stopLease(lease, reason);
    }
  }

  #warnLog() {
    const log = this.#options.log;
    return { warn: (details: object, message: string) => log?.warn(details, message) };
  }
}
