import type { GpuOpportunityCost } from '../economics/gpu-opportunity-cost.ts';
import type { Lease, LeaseTransition } from './marketplace-types.ts';

/** A lease record for tests; override any field. */
export function leaseFixture(overrides: Partial<Lease> & { transitions?: LeaseTransition[] } = {}): Lease {
  return {
    id: 'lease-1',
    tenantId: 'acme',
    quoteId: 'q-1',
    idempotencyKey: 'k-1',
    siteId: 'ga-hub',
    groupId: 'h100-sxm',
    gpuModel: 'H100 SXM',
    tier: 'on-demand',
    gpus: 8,
    rateCentsPerGpuHour: 249,
    state: 'running',
    createdAtMs: 0,
    placements: [],
    transitions: [{ state: 'pending', atMs: 0, reason: 'created' }],
    ...overrides,
  };
}

/** An opportunity cost: `energyUsd` per GPU-hour, `forgoneUsd` mining margin. */
export function opportunityFixture(energyUsd: number, forgoneUsd = 0): GpuOpportunityCost {
  return {
    energyMwhPerGpuHour: 0.000735,
    energyCostUsd: energyUsd,
    miningRevenueForgoneUsd: forgoneUsd + (forgoneUsd > 0 ? energyUsd : 0),
    miningMarginForgoneUsd: forgoneUsd,
    opportunityCostUsd: energyUsd + forgoneUsd,
  };
}
