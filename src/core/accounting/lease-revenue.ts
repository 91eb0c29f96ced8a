import type { Invoice, Lease, MeterSegment } from '../marketplace/marketplace-types.ts';
import { type Posting, transfer } from './ledger.ts';

/** Micro-USD in a cent. */
export const MICRO_USD_PER_CENT = 10_000n;

/** What one tenant's leases at one site in one tier sold over a month. */
export interface LeaseUsage {
  readonly tenantId: string;
  readonly siteId: string;
  readonly tier: string;
  /** Whole GPU-seconds sold. */
  readonly gpuSeconds: bigint;
  readonly amountCents: bigint;
  /** `invoice`: billed on the month's invoice; `meter`: from meter segments, no invoice issued yet. */
  readonly source: 'invoice' | 'meter';
}

/** The marketplace's month as the report reads it: usage, and each site's GPU capacity for utilisation. */
export interface LeaseMonth {
  readonly usage: readonly LeaseUsage[];
  /** GPUs x seconds of the month, per site with GPUs. */
  readonly capacity: readonly { readonly siteId: string; readonly gpuCapacitySeconds: bigint }[];
}

/** Invoice lines summed per tenant, site and tier (what was billed). */
export function leaseUsageFromInvoices(invoices: readonly Invoice[]): LeaseUsage[] {
  const rows = new Map<string, LeaseUsage>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      add(rows, {
        tenantId: invoice.tenantId,
        siteId: line.siteId,
        tier: line.tier,
        gpuSeconds: BigInt(line.gpuSeconds),
        amountCents: BigInt(line.amountCents),
        source: 'invoice',
      });
    }
  }
  return [...rows.values()];
}

/**
 * Usage from meter segments clipped to [fromMs, toMs), for leases not yet invoiced: per lease,
 * whole GPU-seconds (floored) and round-half-up(gpuSeconds x rate / 3600) cents, as an invoice
 * line does; then summed per tenant, site and tier. Segments of leases not given are ignored.
 */
export function leaseUsageFromMeter(
  leases: readonly Lease[],
  segments: readonly MeterSegment[],
  fromMs: number,
  toMs: number,
): LeaseUsage[] {
  const gpuMs = new Map<string, bigint>();
  for (const s of segments) {
    const ms = Math.min(s.toMs, toMs) - Math.max(s.fromMs, fromMs);
    if (ms > 0) gpuMs.set(s.leaseId, (gpuMs.get(s.leaseId) ?? 0n) + BigInt(s.gpus) * BigInt(Math.round(ms)));
  }
  const rows = new Map<string, LeaseUsage>();
  for (const lease of leases) {
    const used = gpuMs.get(lease.id);
    if (used === undefined) continue;
    const gpuSeconds = used / 1000n;
    const rate = BigInt(Math.round(lease.rateCentsPerGpuHour));
    add(rows, {
      tenantId: lease.tenantId,
      siteId: lease.siteId,
      tier: lease.tier,
      gpuSeconds,
      amountCents: (gpuSeconds * rate * 2n + 3600n) / 7200n,
      source: 'meter',
    });
  }
  return [...rows.values()];
}

/**
 * The month's lease usage: a tenant with an invoice for the month is taken from the invoice, any
 * other tenant from its meter segments. Capacity: every site's GPUs x the month's seconds.
 */
export function leaseMonth(args: {
  readonly fromMs: number;
  readonly toMs: number;
  readonly sites: readonly { readonly id: string; readonly gpus: number }[];
  readonly invoices: readonly Invoice[];
  readonly leases: readonly Lease[];
  readonly segments: readonly MeterSegment[];
}): LeaseMonth {
  const invoiced = new Set(args.invoices.map((i) => i.tenantId));
  const metered = args.leases.filter((lease) => !invoiced.has(lease.tenantId));
  const seconds = BigInt(Math.round((args.toMs - args.fromMs) / 1000));
  return {
    usage: [
      ...leaseUsageFromInvoices(args.invoices),
      ...leaseUsageFromMeter(metered, args.segments, args.fromMs, args.toMs),
    ],
    capacity: args.sites
      .filter((s) => s.gpus > 0)
      .map((s) => ({ siteId: s.id, gpuCapacitySeconds: BigInt(s.gpus) * seconds })),
  };
}

/** Key of a tenant's lease revenue of a month (one per tenant, source and month). */
export function leaseRevenueKey(tenantId: string, source: LeaseUsage['source'], month: string): string {
  return `lease-${source === 'invoice' ? 'invoiced' : 'metered'}:${tenantId}:${month}`;
}

/**
 * Lease revenue postings of a month: per tenant and source, lease-receivable:<tenant> /
 * lease-revenue:<tenant> in micro-USD, dated the month's last day.
 */
export function leasePostings(month: string, lastDay: string, usage: readonly LeaseUsage[]): Posting[] {
  const totals = new Map<string, { tenantId: string; source: LeaseUsage['source']; cents: bigint }>();
  for (const u of usage) {
    const key = leaseRevenueKey(u.tenantId, u.source, month);
    const t = totals.get(key) ?? { tenantId: u.tenantId, source: u.source, cents: 0n };
    totals.set(key, { ...t, cents: t.cents + u.amountCents });
  }
  return [...totals]
    .map(([key, t]) =>
      transfer(
        key,
        lastDay,
        'micro-usd',
        `lease-receivable:${t.tenantId}`,
        `lease-revenue:${t.tenantId}`,
        t.cents * MICRO_USD_PER_CENT,
        `GPU leases ${t.tenantId} ${month} (${t.source})`,
      ),
    )
    .filter((p): p is Posting => p !== undefined);
}

function add(rows: Map<string, LeaseUsage>, u: LeaseUsage): void {
  const key = `${u.tenantId}\u0000${u.siteId}\u0000${u.tier}`;
  const prev = rows.get(key);
  rows.set(
    key,
    prev
      ? { ...prev, gpuSeconds: prev.gpuSeconds + u.gpuSeconds, amountCents: prev.amountCents + u.amountCents }
      : u,
  );
}
