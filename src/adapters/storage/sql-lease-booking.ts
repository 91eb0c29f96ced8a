import type { Lease, LeasePlacement, LeaseState } from '../../core/marketplace/marketplace-types.ts';
import type { BookingResult, SpendingTerms } from '../../core/ports/marketplace-repository.ts';
import { duplicateId } from './duplicate-id.ts';
import { BookingOutcome, isTerminal, movableFrom, overSpendingLimit, sameKey } from './marketplace-rules.ts';
import type { SqlDatabase } from './sql-database.ts';
import { LEASE_COLUMNS, type LeaseRow, toLease } from './sql-marketplace-rows.ts';
import { jsonParam, num } from './sql-values.ts';

/**
 * Booking and moving leases in SQL. The capacity counters (`gpu_pools.booked_gpus`,
 * `tenants.gpus_held`) change only in conditional UPDATEs in the same transaction as the lease,
 * so the row lock of the pool serialises racing bookings and a booking that does not fit changes
 * nothing; CHECK constraints back this up. Every transaction takes its locks in the order pool,
 * tenant (a transition: lease, pool, tenant), so racing transactions never deadlock.
 */

const LEASE_COLUMNS_OF_L = LEASE_COLUMNS.split(',')
  .map((column) => `l.${column.trim()}`)
  .join(', ');

/** See MarketplaceRepository.book. A lease stored in a terminal state takes no capacity. */
export async function bookLease(
  db: SqlDatabase,
  lease: Lease,
  spending?: SpendingTerms,
): Promise<BookingResult> {
  try {
    return await db.transaction((tx) => book(tx, lease, spending));
  } catch (error) {
    if (error instanceof BookingOutcome) return error.result;
    throw error;
  }
}

async function book(
  tx: SqlDatabase,
  lease: Lease,
  spending: SpendingTerms | undefined,
): Promise<BookingResult> {
  // The tenant and its lease under this key, if any, in one round trip.
  const [found] = await tx.query<LeaseRow & { found_tenant: string }>(
    `SELECT t.id AS found_tenant, ${LEASE_COLUMNS_OF_L}
     FROM tenants t LEFT JOIN gpu_leases l ON l.tenant_id = t.id AND l.idempotency_key = $2
     WHERE t.id = $1`,
    [lease.tenantId, lease.idempotencyKey],
  );
  if (found === undefined) return { ok: false, refusal: { kind: 'unknown-tenant' } };
  if (found.id !== null) return sameKey(toLease(found), lease);

  // The quote's one use: a booking racing under another key waits on this row and is refused; one
  // racing under the same key finds, once this commits, the lease it booked.
  const used = await tx.query(
    `INSERT INTO gpu_quote_uses (quote_id, lease_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING quote_id`,
    [lease.quoteId, lease.id],
  );
  if (used.length === 0) {
    const [stored] = await tx.query<LeaseRow>(
      `SELECT ${LEASE_COLUMNS} FROM gpu_leases WHERE tenant_id = $1 AND idempotency_key = $2`,
      [lease.tenantId, lease.idempotencyKey],
    );
    return stored === undefined
      ? { ok: false, refusal: { kind: 'quote-used' } }
      : sameKey(toLease(stored), lease);
  }

  const take = isTerminal(lease.state) ? 0 : lease.gpus;
  const pool = await tx.query(
    `UPDATE gpu_pools SET booked_gpus = booked_gpus + $3
     WHERE site_id = $1 AND group_id = $2 AND booked_gpus + $3 <= total_gpus RETURNING booked_gpus`,
    [lease.siteId, lease.groupId, take],
  );
  if (pool.length === 0) {
    const [row] = await tx.query<{ free: number }>(
      'SELECT total_gpus - booked_gpus AS free FROM gpu_pools WHERE site_id = $1 AND group_id = $2',
      [lease.siteId, lease.groupId],
    );
    throw new BookingOutcome({
      ok: false,
      refusal:
        row === undefined ? { kind: 'unknown-pool' } : { kind: 'no-capacity', freeGpus: num(row.free) },
    });
  }

  const tenant = await tx.query(
    `UPDATE tenants SET gpus_held = gpus_held + $2
     WHERE id = $1 AND gpus_held + $2 <= max_gpus RETURNING gpus_held`,
    [lease.tenantId, take],
  );
  if (tenant.length === 0) {
    const [row] = await tx.query<{ gpus_held: number; max_gpus: number }>(
      'SELECT gpus_held, max_gpus FROM tenants WHERE id = $1',
      [lease.tenantId],
    );
    throw new BookingOutcome({
      ok: false,
      refusal: { kind: 'quota-exceeded', gpusHeld: num(row!.gpus_held), maxGpus: num(row!.max_gpus) },
    });
  }

  if (spending !== undefined) {
    // The tenant's row is locked (above) until commit: its bookings are counted one at a time.
    const [held] = await tx.query<{ limit_cents: number | string; committed: number | string }>(
      `SELECT t.spending_limit_cents AS limit_cents,
         (SELECT COALESCE(SUM(l.committed_cents), 0) FROM gpu_leases l
          WHERE l.tenant_id = t.id AND l.state NOT IN ('preempted', 'completed', 'failed', 'cancelled')) AS committed
       FROM tenants t WHERE t.id = $1`,
      [lease.tenantId],
    );
    const refusal = overSpendingLimit(spending, num(held!.committed), num(held!.limit_cents));
    if (refusal !== undefined) throw new BookingOutcome({ ok: false, refusal });
  }

  // A racing booking under the same key makes this insert wait for it; when it committed, the
  // insert does nothing, and this booking is rolled back in favour of the stored lease.
  const [inserted] = await tx.query<LeaseRow>(
    `INSERT INTO gpu_leases (${LEASE_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18::jsonb)
     ON CONFLICT DO NOTHING RETURNING ${LEASE_COLUMNS}`,
    [
      lease.id,
      lease.tenantId,
      lease.quoteId,
      lease.idempotencyKey,
      lease.siteId,
      lease.groupId,
      lease.gpuModel,
      lease.tier,
      lease.gpus,
      lease.rateCentsPerGpuHour,
      lease.state,
      lease.createdAtMs,
      lease.termEndsAtMs ?? null,
      lease.batch?.gpuHours ?? null,
      lease.batch?.deadlineMs ?? null,
      lease.preemptAtMs ?? null,
      jsonParam(lease.placements),
      jsonParam(lease.transitions),
    ],
  );
  if (inserted !== undefined) {
    await tx.query('UPDATE gpu_leases SET committed_cents = $2 WHERE id = $1', [
      lease.id,
      spending?.commitmentCents ?? 0,
    ]);
    return { ok: true, lease: toLease(inserted), created: true };
  }
  const [stored] = await tx.query<LeaseRow>(
    `SELECT ${LEASE_COLUMNS} FROM gpu_leases WHERE tenant_id = $1 AND idempotency_key = $2`,
    [lease.tenantId, lease.idempotencyKey],
  );
  if (stored === undefined) throw duplicateId('lease', lease.id);
  throw new BookingOutcome(sameKey(toLease(stored), lease));
}

/** See MarketplaceRepository.transition; a lease in a terminal state never moves. */
export async function transitionLease(
  db: SqlDatabase,
  id: string,
  from: readonly LeaseState[],
  to: LeaseState,
  atMs: number,
  reason: string,
  patch: { preemptAtMs?: number; placements?: readonly LeasePlacement[] } = {},
): Promise<Lease | undefined> {
  const states = movableFrom(from);
  if (states.length === 0) return undefined;
  return db.transaction(async (tx) => {
    const [row] = await tx.query<LeaseRow>(
      `UPDATE gpu_leases
       SET state = $3, transitions = transitions || $4::jsonb,
           preempt_at_ms = COALESCE($5::bigint, preempt_at_ms), placements = COALESCE($6::jsonb, placements)
       WHERE id = $1 AND state = ANY($2::text[])
       RETURNING ${LEASE_COLUMNS}`,
      [
        id,
        states,
        to,
        jsonParam([{ state: to, atMs, reason }]),
        patch.preemptAtMs ?? null,
        patch.placements === undefined ? null : jsonParam(patch.placements),
      ],
    );
    if (row === undefined) return undefined;
    if (isTerminal(to)) {
      await tx.query(
        'UPDATE gpu_pools SET booked_gpus = booked_gpus - $3 WHERE site_id = $1 AND group_id = $2',
        [row.site_id, row.group_id, num(row.gpus)],
      );
      await tx.query('UPDATE tenants SET gpus_held = gpus_held - $2 WHERE id = $1', [
        row.tenant_id,
        num(row.gpus),
      ]);
    }
    return toLease(row);
  });
}
