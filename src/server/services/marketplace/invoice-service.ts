import { randomUUID } from 'node:crypto';
import { previousMonth } from '../../../core/accounting/monthly-report.ts';
import {
  buildInvoice,
  chargeCents,
  type Invoice,
  type Lease,
  monthOf,
  monthRange,
} from '../../../core/marketplace/index.ts';
import type { Storage } from '../../../core/ports/storage.ts';

const SPENT_CACHE_MS = 5_000;

/**
 * Usage and invoices. A closed month's invoice is issued once and stored (issuing again re-issues
 * it from the same meter records); the current month is built to date on request and not stored.
 */
export class InvoiceService {
  private readonly spent = new Map<string, { cents: number; atMs: number }>();
  /** The month whose predecessor's invoices were last issued. */
  private lastIssuedMonth: string | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
  ) {}

  /** The tenant's invoice for `month`: stored if issued, else built up to now. */
  async invoice(tenantId: string, month: string): Promise<Invoice> {
    const stored = await this.storage.marketplace.getInvoice(tenantId, month);
    if (stored) return stored;
    if (monthRange(month).toMs <= this.nowMs()) return this.issue(tenantId, month);
    return this.toDate(tenantId, month);
  }

  /** Charges so far in `month`, up to now (not stored). */
  async toDate(tenantId: string, month: string): Promise<Invoice> {
    return this.build(tenantId, month, `${tenantId}-${month}-to-date`);
  }

  /**
   * Charges so far in `month`, for spending-limit checks: computed at most every few seconds per
   * tenant (a booking burst does not rebuild the invoice each time).
   */
  async spentCents(tenantId: string, month: string): Promise<number> {
    const key = `${tenantId}/${month}`;
    const cached = this.spent.get(key);
    if (cached && Date.now() - cached.atMs < SPENT_CACHE_MS) return cached.cents;
    const cents = (await this.toDate(tenantId, month)).totalCents;
    this.spent.set(key, { cents, atMs: Date.now() });
    return cents;
  }

  /** Once a month has closed, issues every tenant's invoice for it (those not issued yet). */
  async issueClosedMonth(): Promise<void> {
    const current = monthOf(this.nowMs());
    if (this.lastIssuedMonth === current) return;
    const previous = previousMonth(current);
    for (const tenant of await this.storage.marketplace.listTenants()) {
      if (tenant.createdAtMs >= monthRange(current).fromMs) continue;
      if (!(await this.storage.marketplace.getInvoice(tenant.id, previous)))
        await this.issue(tenant.id, previous);
    }
    this.lastIssuedMonth = current;
  }

  /** Issues and stores the invoice of a closed month. */
  async issue(tenantId: string, month: string): Promise<Invoice> {
    const invoice = await this.build(tenantId, month, randomUUID());
    await this.storage.marketplace.putInvoice(invoice);
    return invoice;
  }

  async list(filter: { tenantId?: string; month?: string }): Promise<Invoice[]> {
    const stored = await this.storage.marketplace.listInvoices(filter);
    const current = monthOf(this.nowMs());
    if (!filter.tenantId || (filter.month && filter.month !== current)) return stored;
    return [...stored.filter((i) => i.month !== current), await this.toDate(filter.tenantId, current)];
  }

  /** A lease's metered use so far over its whole life: whole GPU-seconds and their charge. */
  async leaseUsage(lease: Lease): Promise<{ gpuSeconds: number; amountCents: number }> {
    const segments = await this.storage.marketplace.meterSegments({
      leaseIds: [lease.id],
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    let gpuSeconds = segments.reduce((sum, s) => sum + Math.floor((s.toMs - s.fromMs) / 1000) * s.gpus, 0);
    if (lease.batch) gpuSeconds = Math.min(gpuSeconds, Math.round(lease.batch.gpuHours * 3600));
    const missed = lease.tier === 'batch' && lease.state === 'failed';
    return { gpuSeconds, amountCents: missed ? 0 : chargeCents(gpuSeconds, lease.rateCentsPerGpuHour) };
  }

  private async build(tenantId: string, month: string, id: string): Promise<Invoice> {
    const range = monthRange(month);
    const segments = await this.storage.marketplace.meterSegments({
      tenantId,
      fromMs: range.fromMs,
      toMs: range.toMs,
    });
    const leaseIds = new Set(segments.map((s) => s.leaseId));
    const leases = (await this.storage.marketplace.listLeases({ tenantId })).filter(
      (l) =>
        leaseIds.has(l.id) ||
        (l.tier === 'reserved' && l.createdAtMs < range.toMs && (l.termEndsAtMs ?? 0) > range.fromMs),
    );
    return buildInvoice({
      id,
      tenantId,
      month,
      leases,
      segments,
      untilMs: Math.min(range.toMs, this.nowMs()),
      issuedAtMs: this.nowMs(),
    });
  }
}
