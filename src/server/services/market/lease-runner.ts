import type { FastifyBaseLogger } from 'fastify';
import type { SitePlan } from '../../../core/allocator/site-plan.ts';
import type { SitePlanInput } from '../../../core/allocator/site-plan-input.ts';
import type { SiteGpuLoad } from '../../../core/backtest/plan-fleet-at.ts';
import { SwitchyardError } from '../../../core/errors/index.ts';
import type { Fleet } from '../../../core/fleet/index.ts';
import {
  choosePreemptions,
  isInterruptible,
  isTerminal,
  type Lease,
  type LeaseState,
  meterLease,
  monthOf,
  statesBefore,
} from '../../../core/marketplace/index.ts';
import type { ComputeBackend, ComputeStatus } from '../../../core/ports/compute-backend.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import { computeId, computeRequest } from './compute-request.ts';
import { DEFAULT_PREEMPT_NOTICE_SECONDS } from './gpu-pools.ts';
import type { HubConditionsService } from './hub-conditions-service.ts';
import type { InvoiceService } from './invoice-service.ts';
import { type PlanningGrid, siteGpuLoad } from './lease-load.ts';
import { applyPoolPower } from './pool-power.ts';

const ACTIVE: readonly LeaseState[] = ['pending', 'provisioning', 'running', 'preempting'];
const SPENDING_CHECK_MS = 30_000;

/**
 * Drives leases through their lifecycle on the compute backend, meters them from the nodes'
 * reports, and turns the allocator's plan into preemptions (interruptible GPUs the plan no longer
 * serves get notice) and batch placements (a batch job runs in the intervals the plan gives it
 * GPUs, paused otherwise). Every state change is a compare-and-set, so a tenant's stop racing a
 * tick is harmless.
 */
export class LeaseRunner {
  /** GPUs the latest plan gives each batch job now. */
  private readonly batchGpus = new Map<string, number>();
  private active: Lease[] = [];
  private lastSpendingCheckMs = Number.NEGATIVE_INFINITY;
  /** Leases this process placed or took back after a restart. */
  private readonly adopted = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
    private readonly compute: ComputeBackend,
    private readonly hub: HubConditionsService,
    private readonly invoices: InvoiceService,
    private readonly fleet: () => Promise<Fleet | undefined>,
    private readonly log?: FastifyBaseLogger,
    private readonly instanceId = 'server-1',
  ) {}

  start(pollMs = 1000): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(async () => {
          if (await this.storage.leader.acquire('lease-runner', this.instanceId, this.nowMs(), pollMs * 5))
            await this.tick();
        })
        .catch((error) => this.log?.error({ err: error }, 'lease runner tick failed'));
    }, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * After a restart: hands the backend a lease it placed before (once), so it can follow and stop
   * it. Returns false when the backend cannot take it back now (tried again next tick).
   */
  private async adopt(lease: Lease): Promise<boolean> {
    if (this.adopted.has(lease.id) || lease.placements.length === 0 || lease.state === 'pending') return true;
    if (!this.compute.adopt) return true;
    try {
      await this.compute.adopt(computeId(lease), computeRequest(lease), lease.placements);
      this.adopted.add(lease.id);
      return true;
    } catch (error) {
      this.log?.warn({ leaseId: lease.id, err: error }, 'could not take the lease back after a restart');
      return false;
    }
  }

  /** Re-reads the active leases (the allocation loop calls it before planning). */
  async refresh(): Promise<void> {
    this.active = await this.storage.marketplace.listLeases({ states: ACTIVE });
  }

  /** One pass over every active lease, then the spending limits. */
  async tick(): Promise<void> {
    const fleet = await this.fleet();
    await this.refresh();
    for (const lease of this.active) {
      try {
        if (await this.adopt(lease)) await this.advance(lease, fleet);
      } catch (error) {
        this.log?.warn({ leaseId: lease.id, err: error }, 'lease step failed');
      }
    }
    if (this.nowMs() - this.lastSpendingCheckMs >= SPENDING_CHECK_MS) {
      this.lastSpendingCheckMs = this.nowMs();
      await this.enforceSpendingLimits();
      await this.invoices.issueClosedMonth();
    }
  }

  /** Stops a lease for its tenant (or an operator): cancelled before it runs, completed after. */
  async stopLease(lease: Lease, reason: string): Promise<Lease> {
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
      if (lease.placements.length > 0) await this.compute.stop(computeId(lease)).catch(() => undefined);
      const cancelled = await this.move(lease, 'cancelled', this.nowMs(), reason);
      if (cancelled) return cancelled;
    } else {
      const status = await this.compute.stop(computeId(lease));
      await this.meter(lease, status, await this.fleet());
      const done = await this.move(lease, 'completed', status.stoppedAtMs ?? this.nowMs(), reason);
      if (done) return done;
    }
    return (await this.storage.marketplace.getLease(lease.id)) ?? lease;
  }

  /** The marketplace's leases at a site as load for the allocator (committed, interruptible, batch). */
  gpuLoad(siteId: string, grid: PlanningGrid): SiteGpuLoad {
    return siteGpuLoad(
      this.active.filter((l) => l.siteId === siteId),
      grid,
      (id) => this.gpuSecondsRun.get(id) ?? 0,
    );
  }

  /** GPU-seconds each batch job has run, from its meter segments (kept by `meter`). */
  private readonly gpuSecondsRun = new Map<string, number>();

  /**
   * Applies a site's plan: preempts interruptible GPUs it no longer serves, places batch jobs, and
   * tells the compute backend how many GPUs each pool may power (a site short of power drains nodes
   * without ending committed work; they are resumed when power returns).
   */
  async applyPlan(input: SitePlanInput, plan: SitePlan): Promise<void> {
    await this.preemptForPlan(input, plan);
    await applyPoolPower(this.compute, this.storage, this.nowMs(), input, plan);
  }

  private async preemptForPlan(input: SitePlanInput, plan: SitePlan): Promise<void> {
    const first = plan.decisions[0];
    if (!first) return;
    for (const [jobId, gpus] of Object.entries(first.batchGpus)) this.batchGpus.set(jobId, gpus);
    for (const group of input.gpuGroups) {
      const mine = this.interruptibleIn(input.siteId, group.id);
      const wanted = mine.filter((l) => l.state !== 'preempting').reduce((s, l) => s + l.gpus, 0);
      const served = Math.floor((first.interruptibleGpus[group.id] ?? 0) + 1e-6);
      if (served >= wanted) continue;
      const notice = await this.noticeSeconds(input.siteId, group.id);
      const reason = `energy needed: the allocator serves ${served} of ${wanted} interruptible GPUs (${plan.explanation[0] ?? 'site plan'})`;
      for (const lease of choosePreemptions(mine, wanted - served)) await this.preempt(lease, notice, reason);
    }
  }

  /**
   * Capacity needed by a committed lease: gives the pool's interruptible leases notice (cheapest,
   * newest first) until `gpus` GPUs will be free; undefined when they cannot free that many.
   */
  async reclaim(
    siteId: string,
    groupId: string,
    gpus: number,
  ): Promise<{ gpus: number; atMs: number } | undefined> {
    await this.refresh();
    const pool = this.interruptibleIn(siteId, groupId);
    const available = pool
      .filter((l) => l.state === 'running' || l.state === 'preempting')
      .reduce((s, l) => s + l.gpus, 0);
    if (available < gpus) return undefined;
    const notice = await this.noticeSeconds(siteId, groupId);
    let atMs = this.nowMs();
    let freed = 0;
    for (const lease of pool.filter((l) => l.state === 'preempting')) {
      freed += lease.gpus;
      atMs = Math.max(atMs, lease.preemptAtMs ?? atMs);
    }
    for (const lease of choosePreemptions(pool, gpus)) {
      const moved = await this.preempt(
        lease,
        notice,
        `capacity needed: a committed lease needs ${gpus} GPUs at ${siteId}`,
      );
      freed += lease.gpus;
      atMs = Math.max(atMs, moved?.preemptAtMs ?? atMs);
    }
    return { gpus: freed, atMs };
  }

  /** The active interruptible leases of a pool. */
  private interruptibleIn(siteId: string, groupId: string): Lease[] {
    return this.active.filter(
      (l) => l.siteId === siteId && l.groupId === groupId && l.tier === 'interruptible',
    );
  }

  /** The pool's preemption notice, seconds (set per GPU group in the fleet file). */
  private async noticeSeconds(siteId: string, groupId: string): Promise<number> {
    return (
      (await this.storage.marketplace.getPool(siteId, groupId))?.preemptNoticeSeconds ??
      DEFAULT_PREEMPT_NOTICE_SECONDS
    );
  }

  /** Gives an interruptible lease notice; the node stops it when the notice runs out. */
  async preempt(lease: Lease, noticeSeconds: number, reason: string): Promise<Lease | undefined> {
    const status = await this.compute.preempt(computeId(lease), noticeSeconds * 1000);
    const preemptAtMs = status.preemptAtMs ?? this.nowMs() + noticeSeconds * 1000;
    const moved = await this.move(lease, 'preempting', this.nowMs(), reason, { preemptAtMs });
    await this.storage.audit.append({
      atMs: this.nowMs(),
      actor: 'system',
      action: 'lease.preempt',
      target: `lease:${lease.id}`,
      details: { tenantId: lease.tenantId, preemptAtMs, reason },
    });
    return moved;
  }

  private async advance(lease: Lease, fleet: Fleet | undefined): Promise<void> {
    const now = this.nowMs();
    if (lease.batch && now >= lease.batch.deadlineMs) {
      const run = (this.gpuSecondsRun.get(lease.id) ?? 0) / 3600;
      if (lease.state !== 'pending') await this.compute.stop(computeId(lease)).catch(() => undefined);
      await this.move(
        lease,
        'failed',
        now,
        `deadline missed: ran ${run.toFixed(1)} of ${lease.batch.gpuHours} GPU-hours by ${new Date(lease.batch.deadlineMs).toISOString()}`,
      );
      return;
    }
    switch (lease.state) {
      case 'pending':
        return this.provision(lease);
      case 'provisioning':
        return this.startWorkload(lease);
      default:
        return this.follow(lease, fleet);
    }
  }

  private async provision(lease: Lease): Promise<void> {
    if (lease.tier === 'batch' && !this.planRuns(lease)) return;
    try {
      const workload = await this.storage.leaseWorkloads.get(lease.tenantId, lease.idempotencyKey);
      const request = computeRequest(workload ? { ...lease, workload } : lease, true);
      const placements = await this.compute.provision(request);
      this.adopted.add(lease.id);
      await this.move(
        lease,
        'provisioning',
        this.nowMs(),
        `placed on ${placements.map((p) => p.nodeId).join(', ')}`,
        {
          placements,
        },
      );
    } catch (error) {
      await this.move(lease, 'failed', this.nowMs(), `could not place: ${(error as Error).message}`);
    }
  }

  private async startWorkload(lease: Lease): Promise<void> {
    try {
      const status = await this.compute.start(computeId(lease));
      await this.move(lease, 'running', status.startedAtMs ?? this.nowMs(), 'workload started on its GPUs');
    } catch (error) {
      await this.compute.stop(computeId(lease)).catch(() => undefined);
      await this.move(lease, 'failed', this.nowMs(), `could not start: ${(error as Error).message}`);
    }
  }

  private async follow(lease: Lease, fleet: Fleet | undefined): Promise<void> {
    const status = await this.compute.status(computeId(lease));
    await this.meter(lease, status, fleet);
    const now = this.nowMs();
    if (status.state === 'stopped' || status.state === 'failed') {
      const at = status.stoppedAtMs ?? now;
      if (lease.state === 'preempting') {
        await this.move(
          lease,
          lease.tier === 'batch' ? 'pending' : 'preempted',
          at,
          'preemption notice ran out',
        );
      } else if (status.state === 'failed') {
        await this.move(lease, 'failed', at, status.message ?? 'the node reports the workload failed');
      } else {
        await this.move(lease, 'completed', at, status.message ?? 'the workload ended');
      }
      return;
    }
    if (lease.termEndsAtMs !== undefined && now >= lease.termEndsAtMs) {
      await this.finish(lease, 'completed', 'reserved term ended');
    } else if (lease.batch && (this.gpuSecondsRun.get(lease.id) ?? 0) >= lease.batch.gpuHours * 3600) {
      await this.finish(lease, 'completed', `ran its ${lease.batch.gpuHours} GPU-hours`);
    } else if (lease.tier === 'batch' && lease.state === 'running' && !this.planRuns(lease)) {
      await this.compute.stop(computeId(lease));
      await this.move(lease, 'pending', now, 'paused: the allocator runs this job in cheaper hours');
    }
  }

  /** Whether the latest plan runs this batch job now (on at least half a GPU: LP values are continuous). */
  private planRuns(lease: Lease): boolean {
    return (this.batchGpus.get(lease.id) ?? 0) >= 0.5;
  }

  private async finish(lease: Lease, to: LeaseState, reason: string): Promise<void> {
    const status = await this.compute.stop(computeId(lease));
    await this.meter(lease, status, await this.fleet());
    await this.move(lease, to, status.stoppedAtMs ?? this.nowMs(), reason);
  }

  private async meter(lease: Lease, status: ComputeStatus, fleet: Fleet | undefined): Promise<void> {
    const segments = await this.storage.marketplace.meterSegments({
      leaseIds: [lease.id],
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    const site = fleet?.sites.find((s) => s.id === lease.siteId);
    const changed = meterLease(lease, segments, status, {
      pue: site?.pue ?? 1,
      greenShare: this.hub.peek(lease.siteId)?.greenShare ?? 0,
    });
    for (const segment of changed) await this.storage.marketplace.putMeterSegment(segment);
    const all = new Map(segments.map((s) => [s.seq, s]));
    for (const s of changed) all.set(s.seq, s);
    const run = [...all.values()].reduce(
      (sum, s) => sum + Math.floor((s.toMs - s.fromMs) / 1000) * s.gpus,
      0,
    );
    this.gpuSecondsRun.set(lease.id, run);
  }

  private async move(
    lease: Lease,
    to: LeaseState,
    atMs: number,
    reason: string,
    patch?: Parameters<Storage['marketplace']['transition']>[5],
  ): Promise<Lease | undefined> {
    const moved = await this.storage.marketplace.transition(
      lease.id,
      statesBefore(to, lease.tier),
      to,
      atMs,
      reason,
      patch,
    );
    if (moved && isTerminal(to)) this.batchGpus.delete(lease.id);
    return moved;
  }

  /** Ends the leases (with the tier's notice) of tenants whose charges this month reached their limit. */
  private async enforceSpendingLimits(): Promise<void> {
    const tenants = new Set(this.active.filter((l) => l.tier !== 'reserved').map((l) => l.tenantId));
    for (const tenantId of tenants) {
      const tenant = await this.storage.marketplace.getTenant(tenantId);
      if (!tenant) continue;
      const spent = (await this.invoices.toDate(tenantId, monthOf(this.nowMs()))).totalCents;
      if (spent < tenant.spendingLimitCents) continue;
      const reason = `spending limit reached: ${spent} of ${tenant.spendingLimitCents} cents this month`;
      for (const lease of this.active.filter((l) => l.tenantId === tenantId && l.tier !== 'reserved')) {
        if (lease.state === 'running' && isInterruptible(lease.tier)) {
          await this.preempt(lease, await this.noticeSeconds(lease.siteId, lease.groupId), reason);
        } else if (lease.state !== 'preempting') {
          await this.stopLease(lease, reason);
        }
      }
    }
  }
}
