import { isInterruptible } from './lease-lifecycle.ts';
import type { Lease, Tenant } from './marketplace-types.ts';

/** How a lease is ended for its tenant's spending limit. */
export interface SpendingLimitAction {
  readonly lease: Lease;
  /** `preempt`: notice, then the node stops it; `stop`: stopped (or cancelled) now. */
  readonly action: 'preempt' | 'stop';
  readonly reason: string;
}

/**
 * The spending-limit step (pure): every tenant whose charges this month reached its limit has its
 * leases ended, reserved terms aside (paid up front): a running interruptible lease with its tier's
 * notice, any other not already under notice at once. `spentCents` holds this month's charges of
 * the tenants with active leases.
 */
export function spendingLimitStep(
  active: readonly Lease[],
  tenants: ReadonlyMap<string, Tenant>,
  spentCents: ReadonlyMap<string, number>,
): SpendingLimitAction[] {
  const actions: SpendingLimitAction[] = [];
  for (const tenantId of tenantsToCheck(active)) {
    const tenant = tenants.get(tenantId);
    const spent = spentCents.get(tenantId);
    if (!tenant || spent === undefined || spent < tenant.spendingLimitCents) continue;
    const reason = `spending limit reached: ${spent} of ${tenant.spendingLimitCents} cents this month`;
    for (const lease of active.filter((l) => l.tenantId === tenantId && l.tier !== 'reserved')) {
      if (lease.state === 'running' && isInterruptible(lease.tier))
        actions.push({ lease, action: 'preempt', reason });
      else if (lease.state !== 'preempting') actions.push({ lease, action: 'stop', reason });
    }
  }
  return actions;
}

/** The tenants with active leases a spending limit can end (reserved terms aside), in lease order. */
export function tenantsToCheck(active: readonly Lease[]): string[] {
  return [...new Set(active.filter((l) => l.tier !== 'reserved').map((l) => l.tenantId))];
}
