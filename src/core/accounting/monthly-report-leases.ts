import { TIERS } from '../marketplace/marketplace-types.ts';
import { formatScaled, roundHalfEvenDiv } from './exact-units.ts';
import { type LeaseMonth, type LeaseUsage, MICRO_USD_PER_CENT } from './lease-revenue.ts';

/** GPU leases sold in one tier (at a site, or over the fleet). */
export interface LeaseTierFigures {
  readonly tier: string;
  readonly gpuSeconds: bigint;
  /** GPU-hours sold, 3 decimals (half-even). */
  readonly gpuHours: string;
  readonly revenueMicroUsd: bigint;
}

/** Leases of a site (or the fleet): revenue by tier, GPU-hours sold and utilisation of the GPUs. */
export interface LeaseFigures {
  /** GPUs x seconds of the month. */
  readonly gpuCapacitySeconds: bigint;
  readonly gpuSeconds: bigint;
  readonly gpuHours: string;
  /** GPU-seconds sold / capacity, basis points (half-even); undefined without GPUs. */
  readonly utilisationBps: bigint | undefined;
  readonly revenueMicroUsd: bigint;
  readonly byTier: readonly LeaseTierFigures[];
}

export interface SiteLeaseReport extends LeaseFigures {
  readonly siteId: string;
}

/** The report's marketplace section (metered lease revenue, as billed or measured). */
export interface LeaseReport {
  readonly sites: readonly SiteLeaseReport[];
  readonly total: LeaseFigures;
  /** Revenue per tenant, by source (invoice or meter), as booked to lease-revenue:<tenant>. */
  readonly tenants: readonly {
    readonly tenantId: string;
    readonly source: LeaseUsage['source'];
    readonly revenueMicroUsd: bigint;
  }[];
}

/** Sums the month's lease usage per site and tier, and over the fleet. */
export function buildLeaseReport(leases: LeaseMonth, siteIds: readonly string[]): LeaseReport {
  const capacity = new Map(leases.capacity.map((c) => [c.siteId, c.gpuCapacitySeconds]));
  const ids = [
    ...siteIds,
    ...new Set(leases.usage.map((u) => u.siteId).filter((id) => !siteIds.includes(id))),
  ];
  const sites = ids
    .filter((id) => capacity.has(id) || leases.usage.some((u) => u.siteId === id))
    .map((siteId) => ({
      siteId,
      ...figures(
        leases.usage.filter((u) => u.siteId === siteId),
        capacity.get(siteId) ?? 0n,
      ),
    }));
  const totalCapacity = leases.capacity.reduce((s, c) => s + c.gpuCapacitySeconds, 0n);
  const tenants = new Map<
    string,
    { tenantId: string; source: LeaseUsage['source']; revenueMicroUsd: bigint }
  >();
  for (const u of leases.usage) {
    const key = `${u.tenantId}\u0000${u.source}`;
    const t = tenants.get(key) ?? { tenantId: u.tenantId, source: u.source, revenueMicroUsd: 0n };
    tenants.set(key, { ...t, revenueMicroUsd: t.revenueMicroUsd + u.amountCents * MICRO_USD_PER_CENT });
  }
  return {
    sites,
    total: figures(leases.usage, totalCapacity),
    tenants: [...tenants.values()].sort((a, b) => cmp(a.tenantId, b.tenantId) || cmp(a.source, b.source)),
  };
}

/** Lease revenue of one site (0n when it sold none). */
export function siteLeaseRevenue(report: LeaseReport | undefined, siteId: string): bigint {
  return report?.sites.find((s) => s.siteId === siteId)?.revenueMicroUsd ?? 0n;
}

function figures(usage: readonly LeaseUsage[], gpuCapacitySeconds: bigint): LeaseFigures {
  const tiers = [...new Set(usage.map((u) => u.tier))].sort((a, b) => tierRank(a) - tierRank(b) || cmp(a, b));
  const byTier = tiers.map((tier) =>
    tierFigures(
      tier,
      usage.filter((u) => u.tier === tier),
    ),
  );
  const gpuSeconds = byTier.reduce((s, t) => s + t.gpuSeconds, 0n);
  return {
    gpuCapacitySeconds,
    gpuSeconds,
    gpuHours: hours(gpuSeconds),
    utilisationBps:
      gpuCapacitySeconds > 0n ? roundHalfEvenDiv(gpuSeconds * 10_000n, gpuCapacitySeconds) : undefined,
    revenueMicroUsd: byTier.reduce((s, t) => s + t.revenueMicroUsd, 0n),
    byTier,
  };
}

function tierFigures(tier: string, usage: readonly LeaseUsage[]): LeaseTierFigures {
  const gpuSeconds = usage.reduce((s, u) => s + u.gpuSeconds, 0n);
  return {
    tier,
    gpuSeconds,
    gpuHours: hours(gpuSeconds),
    revenueMicroUsd: usage.reduce((s, u) => s + u.amountCents, 0n) * MICRO_USD_PER_CENT,
  };
}

/** GPU-seconds as GPU-hours with 3 decimals, half-even. */
function hours(gpuSeconds: bigint): string {
  return formatScaled(roundHalfEvenDiv(gpuSeconds * 1000n, 3600n), 3);
}

function tierRank(tier: string): number {
  const i = (TIERS as readonly string[]).indexOf(tier);
  return i === -1 ? TIERS.length : i;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
