import type { FastifyBaseLogger } from 'fastify';
import { defaultPricingPolicy } from '../../../core/marketplace/index.ts';
import type { ComputeBackend, WorkloadRunSource } from '../../../core/ports/compute-backend.ts';
import type { ServerDeps } from '../../server-deps.ts';
import type { PlanHooks } from '../allocation-loop.ts';
import type { AuthService } from '../auth-service.ts';
import type { FleetService } from '../fleet-service.ts';
import { HubConditionsService } from './hub-conditions-service.ts';
import { InvoiceService } from './invoice-service.ts';
import { LeasePreemption } from './lease-preemption.ts';
import { LeaseRunner } from './lease-runner.ts';
import { LeaseWorkloadService } from './lease-workload-service.ts';
import { MarketplaceService } from './marketplace-service.ts';
import { PoolPricer } from './pool-pricing.ts';
import { TenantService } from './tenant-service.ts';

export interface MarketplaceServices {
  readonly hub: HubConditionsService;
  readonly tenants: TenantService;
  /** Offers, quotes and lease booking. */
  readonly booking: MarketplaceService;
  readonly invoices: InvoiceService;
  readonly runner: LeaseRunner;
  /** What each lease runs (stored before its booking) and its runs on the GPUs. */
  readonly workloads: LeaseWorkloadService;
  /** What the allocation loop calls around each plan. */
  readonly planHooks: PlanHooks;
}

/** Wires the marketplace's services on the server's dependencies and compute backend. */
export function createMarketplaceServices(
  deps: ServerDeps,
  compute: ComputeBackend,
  fleet: FleetService,
  auth: AuthService,
  log?: FastifyBaseLogger,
): MarketplaceServices {
  const nowMs = () => deps.clock.nowMs();
  const hub = new HubConditionsService(deps, fleet);
  const invoices = new InvoiceService(deps.storage, nowMs);
  const pricer = new PoolPricer(deps.market, hub, compute);
  const preemption = new LeasePreemption({ storage: deps.storage, compute, nowMs });
  const booking = new MarketplaceService(
    deps.storage,
    nowMs,
    fleet,
    pricer,
    invoices,
    defaultPricingPolicy,
    (siteId, groupId, gpus) => preemption.reclaim(siteId, groupId, gpus),
  );
  const runner = new LeaseRunner({
    storage: deps.storage,
    nowMs,
    compute,
    hub,
    invoices,
    preemption,
    fleet: () => booking.fleet(),
    log,
  });
  const tenants = new TenantService(deps.storage, auth, nowMs);
  const planHooks: PlanHooks = {
    beforePlan: () => runner.refresh(),
    gpuLoad: (siteId, grid) => runner.gpuLoad(siteId, grid),
    afterPlan: async (input, plan) => {
      hub.record(input, plan);
      await runner.applyPlan(input, plan);
    },
  };
  const runs = 'workloadRuns' in compute ? (compute as ComputeBackend & WorkloadRunSource) : undefined;
  const workloads = new LeaseWorkloadService(deps.storage, nowMs, runs);
  return { hub, tenants, booking, invoices, runner, planHooks, workloads };
}
