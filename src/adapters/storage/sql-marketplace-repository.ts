import type {
  GpuPool,
  GpuPoolCapacity,
  Invoice,
  Lease,
  LeasePlacement,
  LeaseState,
  MeterSegment,
  Quote,
  Tenant,
} from '../../core/marketplace/marketplace-types.ts';
import type {
  BookingResult,
  LeaseFilter,
  MarketplaceRepository,
  SpendingTerms,
} from '../../core/ports/marketplace-repository.ts';
import { duplicateId } from './duplicate-id.ts';
import { quotaBelowHeld, unknownLease } from './marketplace-rules.ts';
import type { SqlDatabase } from './sql-database.ts';
import { bookLease, transitionLease } from './sql-lease-booking.ts';
import {
  INVOICE_COLUMNS,
  type InvoiceRow,
  LEASE_COLUMNS,
  type LeaseRow,
  POOL_COLUMNS,
  type PoolRow,
  QUOTE_COLUMNS,
  type QuoteRow,
  SEGMENT_COLUMNS,
  type SegmentRow,
  TENANT_COLUMNS,
  type TenantRow,
  toInvoice,
  toLease,
  toPool,
  toQuote,
  toSegment,
  toTenant,
} from './sql-marketplace-rows.ts';
import { syncPools } from './sql-pool-sync.ts';
import { jsonParam, num } from './sql-values.ts';

/**
 * The marketplace in PostgreSQL / PGlite. Capacity is enforced by the database (see
 * sql-lease-booking.ts and migration 0003). Listings: tenants by id, pools by site then group,
 * leases newest first, segments by lease then seq, invoices by tenant then month.
 */
export class SqlMarketplaceRepository implements MarketplaceRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async createTenant(tenant: Tenant): Promise<void> {
    const rows = await this.#db.query(
      `INSERT INTO tenants (id, name, spending_limit_cents, max_gpus, created_at_ms) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [tenant.id, tenant.name, tenant.spendingLimitCents, tenant.maxGpus, tenant.createdAtMs],
    );
    if (rows.length === 0) throw duplicateId('tenant', tenant.id);
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    const [row] = await this.#db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? undefined : toTenant(row);
  }

  async listTenants(): Promise<Tenant[]> {
    return (await this.#db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY id`)).map(
      toTenant,
    );
  }

  /** A quota below the GPUs the tenant holds is refused with SY_ERR_STORAGE_CONFLICT. */
  async updateTenant(
    id: string,
    patch: { spendingLimitCents?: number; maxGpus?: number },
  ): Promise<Tenant | undefined> {
    const [row] = await this.#db.query<TenantRow>(
      `UPDATE tenants
       SET spending_limit_cents = COALESCE($2::bigint, spending_limit_cents), max_gpus = COALESCE($3::int, max_gpus)
       WHERE id = $1 AND gpus_held <= COALESCE($3::int, max_gpus)
       RETURNING ${TENANT_COLUMNS}`,
      [id, patch.spendingLimitCents ?? null, patch.maxGpus ?? null],
    );
    if (row !== undefined) return toTenant(row);
    const [held] = await this.#db.query<{ gpus_held: number }>(
      'SELECT gpus_held FROM tenants WHERE id = $1',
      [id],
    );
    if (held === undefined) return undefined;
    throw quotaBelowHeld(id, patch.maxGpus ?? 0, num(held.gpus_held));
  }

  async tenantGpusHeld(tenantId: string): Promise<number> {
    const [row] = await this.#db.query<{ gpus_held: number }>('SELECT gpus_held FROM tenants WHERE id = $1', [
      tenantId,
    ]);
    return row === undefined ? 0 : num(row.gpus_held);
  }

  syncPools(pools: readonly GpuPool[]): Promise<void> {
    return syncPools(this.#db, pools);
  }

  async listPools(): Promise<GpuPoolCapacity[]> {
    return (
      await this.#db.query<PoolRow>(`SELECT ${POOL_COLUMNS} FROM gpu_pools ORDER BY site_id, group_id`)
    ).map(toPool);
  }

  async getPool(siteId: string, groupId: string): Promise<GpuPoolCapacity | undefined> {
    const [row] = await this.#db.query<PoolRow>(
      `SELECT ${POOL_COLUMNS} FROM gpu_pools WHERE site_id = $1 AND group_id = $2`,
      [siteId, groupId],
    );
    return row === undefined ? undefined : toPool(row);
  }

  /** Inserts the quote, or replaces the one stored under its id. */
  async saveQuote(quote: Quote): Promise<void> {
    await this.#db.query(
      `INSERT INTO gpu_quotes (${QUOTE_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, site_id = EXCLUDED.site_id,
         group_id = EXCLUDED.group_id, gpu_model = EXCLUDED.gpu_model, tier = EXCLUDED.tier, gpus = EXCLUDED.gpus,
         rate_cents_per_gpu_hour = EXCLUDED.rate_cents_per_gpu_hour, components = EXCLUDED.components,
         term_hours = EXCLUDED.term_hours, batch_gpu_hours = EXCLUDED.batch_gpu_hours,
         batch_deadline_ms = EXCLUDED.batch_deadline_ms, green_share = EXCLUDED.green_share,
         created_at_ms = EXCLUDED.created_at_ms, expires_at_ms = EXCLUDED.expires_at_ms`,
      [
        quote.id,
        quote.tenantId,
        quote.siteId,
        quote.groupId,
        quote.gpuModel,
        quote.tier,
        quote.gpus,
        quote.rateCentsPerGpuHour,
        jsonParam(quote.components),
        quote.termHours ?? null,
        quote.batch?.gpuHours ?? null,
        quote.batch?.deadlineMs ?? null,
        quote.greenShare,
        quote.createdAtMs,
        quote.expiresAtMs,
      ],
    );
  }

  async getQuote(id: string): Promise<Quote | undefined> {
    const [row] = await this.#db.query<QuoteRow>(`SELECT ${QUOTE_COLUMNS} FROM gpu_quotes WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? undefined : toQuote(row);
  }

  book(lease: Lease, spending?: SpendingTerms): Promise<BookingResult> {
    return bookLease(this.#db, lease, spending);
  }

  async getLease(id: string): Promise<Lease | undefined> {
    const [row] = await this.#db.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM gpu_leases WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? undefined : toLease(row);
  }

  async leaseByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<Lease | undefined> {
    const [row] = await this.#db.query<LeaseRow>(
      `SELECT ${LEASE_COLUMNS} FROM gpu_leases WHERE tenant_id = $1 AND idempotency_key = $2`,
      [tenantId, idempotencyKey],
    );
    return row === undefined ? undefined : toLease(row);
  }

  /** Newest first (creation time, then id). */
  async listLeases(filter: LeaseFilter): Promise<Lease[]> {
    const rows = await this.#db.query<LeaseRow>(
      `SELECT ${LEASE_COLUMNS} FROM gpu_leases
       WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR site_id = $2)
         AND ($3::text[] IS NULL OR state = ANY($3::text[]))
       ORDER BY created_at_ms DESC, id DESC LIMIT $4`,
      [filter.tenantId ?? null, filter.siteId ?? null, filter.states ?? null, filter.limit ?? null],
    );
    return rows.map(toLease);
  }

  transition(
    id: string,
    from: readonly LeaseState[],
    to: LeaseState,
    atMs: number,
    reason: string,
    patch?: { preemptAtMs?: number; placements?: readonly LeasePlacement[] },
  ): Promise<Lease | undefined> {
    return transitionLease(this.#db, id, from, to, atMs, reason, patch);
  }

  /** A segment of a lease that is not stored fails with SY_ERR_NOT_FOUND. */
  async putMeterSegment(segment: MeterSegment): Promise<void> {
    const rows = await this.#db.query(
      `INSERT INTO meter_segments (${SEGMENT_COLUMNS})
       SELECT $1::text, $2::int, $3::text, $4::bigint, $5::bigint, $6::int, $7::float8, $8::float8
       WHERE EXISTS (SELECT 1 FROM gpu_leases WHERE id = $1::text)
       ON CONFLICT (lease_id, seq) DO UPDATE SET state = EXCLUDED.state, from_ms = EXCLUDED.from_ms,
         to_ms = EXCLUDED.to_ms, gpus = EXCLUDED.gpus, energy_wh = EXCLUDED.energy_wh, green_wh = EXCLUDED.green_wh
       RETURNING lease_id`,
      [
        segment.leaseId,
        segment.seq,
        segment.state,
        segment.fromMs,
        segment.toMs,
        segment.gpus,
        segment.energyWh,
        segment.greenWh,
      ],
    );
    if (rows.length === 0) throw unknownLease(segment.leaseId);
  }

  async meterSegments(filter: {
    leaseIds?: readonly string[];
    tenantId?: string;
    fromMs: number;
    toMs: number;
  }): Promise<MeterSegment[]> {
    const columns = SEGMENT_COLUMNS.split(', ')
      .map((column) => `s.${column}`)
      .join(', ');
    const rows = await this.#db.query<SegmentRow>(
      `SELECT ${columns} FROM meter_segments s JOIN gpu_leases l ON l.id = s.lease_id
       WHERE s.from_ms < $4 AND s.to_ms > $3
         AND ($1::text[] IS NULL OR s.lease_id = ANY($1::text[])) AND ($2::text IS NULL OR l.tenant_id = $2)
       ORDER BY s.lease_id, s.seq`,
      [filter.leaseIds ?? null, filter.tenantId ?? null, filter.fromMs, filter.toMs],
    );
    return rows.map(toSegment);
  }

  async putInvoice(invoice: Invoice): Promise<void> {
    await this.#db.query(
      `INSERT INTO invoices (${INVOICE_COLUMNS}) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, month) DO UPDATE SET id = EXCLUDED.id, lines = EXCLUDED.lines,
         total_cents = EXCLUDED.total_cents, energy_wh = EXCLUDED.energy_wh, green_wh = EXCLUDED.green_wh,
         issued_at_ms = EXCLUDED.issued_at_ms`,
      [
        invoice.id,
        invoice.tenantId,
        invoice.month,
        jsonParam(invoice.lines),
        invoice.totalCents,
        invoice.energyWh,
        invoice.greenWh,
        invoice.issuedAtMs,
      ],
    );
  }

  async getInvoice(tenantId: string, month: string): Promise<Invoice | undefined> {
    const [row] = await this.#db.query<InvoiceRow>(
      `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE tenant_id = $1 AND month = $2`,
      [tenantId, month],
    );
    return row === undefined ? undefined : toInvoice(row);
  }

  async listInvoices(filter: { tenantId?: string; month?: string }): Promise<Invoice[]> {
    const rows = await this.#db.query<InvoiceRow>(
      `SELECT ${INVOICE_COLUMNS} FROM invoices
       WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR month = $2)
       ORDER BY tenant_id, month`,
      [filter.tenantId ?? null, filter.month ?? null],
    );
    return rows.map(toInvoice);
  }
}
