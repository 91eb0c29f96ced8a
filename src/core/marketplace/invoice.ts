import { monthRange } from '../time/calendar.ts';
import type { BillableState, Invoice, InvoiceLine, Lease, MeterSegment } from './marketplace-types.ts';

/** round-half-up(gpuSeconds x cents-per-GPU-hour / 3600), exact in integers. */
export function chargeCents(gpuSeconds: number, rateCentsPerGpuHour: number): number {
  const numerator = BigInt(gpuSeconds) * BigInt(rateCentsPerGpuHour);
  return Number((numerator * 2n + 3600n) / 7200n);
}

/**
 * A tenant's invoice for a month, up to `untilMs` (the month's end for a closed month, now for the
 * month to date). One line per lease and billable state: whole GPU-seconds (each segment's
 * seconds within the month, rounded down, x GPUs) at the lease's quoted rate. A reserved lease is
 * billed for its term within the month whether used or not. A batch job is billed for at most its
 * GPU-hours, and not at all when it missed its deadline (the line says why).
 */
export function buildInvoice(args: {
  readonly id: string;
  readonly tenantId: string;
  readonly month: string;
  readonly leases: readonly Lease[];
  readonly segments: readonly MeterSegment[];
  readonly untilMs: number;
  readonly issuedAtMs: number;
}): Invoice {
  const range = monthRange(args.month);
  const toMs = Math.min(range.toMs, args.untilMs);
  const lines: InvoiceLine[] = [];
  for (const lease of args.leases) {
    const own = args.segments.filter((s) => s.leaseId === lease.id);
    const byState = new Map<BillableState, { gpuSeconds: number; energyWh: number; greenWh: number }>();
    for (const segment of own) {
      const from = Math.max(segment.fromMs, range.fromMs);
      const to = Math.min(segment.toMs, toMs);
      if (to <= from) continue;
      const share = (to - from) / (segment.toMs - segment.fromMs);
      const sum = byState.get(segment.state) ?? { gpuSeconds: 0, energyWh: 0, greenWh: 0 };
      sum.gpuSeconds += Math.floor((to - from) / 1000) * segment.gpus;
      sum.energyWh += segment.energyWh * share;
      sum.greenWh += segment.greenWh * share;
      byState.set(segment.state, sum);
    }
    if (lease.tier === 'reserved') {
      lines.push(reservedLine(lease, byState, range.fromMs, toMs));
      continue;
    }
    let allowance = lease.batch ? Math.round(lease.batch.gpuHours * 3600) : Number.POSITIVE_INFINITY;
    const missed = lease.tier === 'batch' && lease.state === 'failed';
    for (const [state, sum] of byState) {
      const gpuSeconds = Math.min(sum.gpuSeconds, allowance);
      allowance -= gpuSeconds;
      lines.push({
        ...lineBase(lease, state, sum),
        gpuSeconds,
        amountCents: missed ? 0 : chargeCents(gpuSeconds, lease.rateCentsPerGpuHour),
        note: missed ? `not charged: ${lease.transitions.at(-1)?.reason ?? 'deadline missed'}` : undefined,
      });
    }
  }
  return {
    id: args.id,
    tenantId: args.tenantId,
    month: args.month,
    lines,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    energyWh: lines.reduce((sum, l) => sum + l.energyWh, 0),
    greenWh: lines.reduce((sum, l) => sum + l.greenWh, 0),
    issuedAtMs: args.issuedAtMs,
  };
}

function reservedLine(
  lease: Lease,
  byState: Map<BillableState, { gpuSeconds: number; energyWh: number; greenWh: number }>,
  monthFromMs: number,
  untilMs: number,
): InvoiceLine {
  const startMs = lease.transitions.find((t) => t.state === 'running')?.atMs;
  const endMs = Math.min(lease.termEndsAtMs ?? untilMs, untilMs);
  const from = Math.max(startMs ?? endMs, monthFromMs);
  const gpuSeconds = endMs > from ? Math.floor((endMs - from) / 1000) * lease.gpus : 0;
  const used = [...byState.values()];
  return {
    ...lineBase(lease, 'reserved', {
      energyWh: used.reduce((s, u) => s + u.energyWh, 0),
      greenWh: used.reduce((s, u) => s + u.greenWh, 0),
    }),
    gpuSeconds,
    amountCents: chargeCents(gpuSeconds, lease.rateCentsPerGpuHour),
    note: 'reserved term: billed for the term within the month, used or not',
  };
}

function lineBase(
  lease: Lease,
  state: BillableState,
  sum: { energyWh: number; greenWh: number },
): Omit<InvoiceLine, 'gpuSeconds' | 'amountCents'> {
  return {
    leaseId: lease.id,
    tier: lease.tier,
    siteId: lease.siteId,
    gpuModel: lease.gpuModel,
    state,
    rateCentsPerGpuHour: lease.rateCentsPerGpuHour,
    energyWh: Math.round(sum.energyWh),
    greenWh: Math.round(sum.greenWh),
  };
}
