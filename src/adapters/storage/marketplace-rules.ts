import { SwitchyardError } from '../../core/errors/index.ts';
import { type Lease, type LeaseState, TERMINAL_STATES } from '../../core/marketplace/marketplace-types.ts';
import type {
  BookingRefusal,
  BookingResult,
  SpendingTerms,
} from '../../core/ports/marketplace-repository.ts';

/**
 * What the SQL and in-memory marketplace repositories share: the errors they throw and the rules
 * on lease states, so both behave alike (the contract suite checks that they do).
 */

export function isTerminal(state: LeaseState): boolean {
  return TERMINAL_STATES.includes(state);
}

/**
 * The states a lease may be moved out of: `from` without the terminal states (a lease never leaves
 * one), so entering a terminal state always comes from a state that holds capacity.
 */
export function movableFrom(from: readonly LeaseState[]): LeaseState[] {
  return from.filter((state) => !isTerminal(state));
}

/** `syncPools` asked for totals below what is booked; nothing was changed. */
export function poolsBelowBooked(
  pools: readonly { siteId: string; groupId: string; totalGpus: number; bookedGpus: number }[],
): SwitchyardError {
  const names = pools.map((p) => `${p.siteId}/${p.groupId} (${p.totalGpus} < ${p.bookedGpus} booked)`);
  return new SwitchyardError(
    'SY_ERR_STORAGE_CONFLICT',
    `GPU pool total below the GPUs booked in it: ${names.join(', ')}`,
    { pools: pools.map((p) => ({ ...p })) },
  );
}

/** `updateTenant` asked for a quota below the GPUs the tenant holds; nothing was changed. */
export function quotaBelowHeld(tenantId: string, maxGpus: number, gpusHeld: number): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_STORAGE_CONFLICT',
    `tenant ${tenantId} holds ${gpusHeld} GPUs: its quota cannot go down to ${maxGpus}`,
    { tenantId, maxGpus, gpusHeld },
  );
}

/** A meter segment for a lease that is not stored. */
export function unknownLease(leaseId: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_NOT_FOUND', `no lease ${leaseId}`, { leaseId });
}

/** Thrown inside a booking transaction to roll it back and hand `result` to the caller. */
export class BookingOutcome extends Error {
  readonly result: BookingResult;

  constructor(result: BookingResult) {
    super('booking rolled back');
    this.result = result;
  }
}

/** The refusal of a booking that would take the tenant past its spending limit, if it would. */
export function overSpendingLimit(
  spending: SpendingTerms,
  committedCents: number,
  limitCents: number,
): BookingRefusal | undefined {
  if (spending.spentCents + committedCents + spending.commitmentCents <= limitCents) return undefined;
  return {
    kind: 'spending-limit',
    spentCents: spending.spentCents,
    committedCents,
    commitmentCents: spending.commitmentCents,
    limitCents,
  };
}

/** A booking under a key the tenant already used: the stored lease, or a conflict for another quote. */
export function sameKey(existing: Lease, requested: Lease): BookingResult {
  return existing.quoteId === requested.quoteId
    ? { ok: true, lease: existing, created: false }
    : { ok: false, refusal: { kind: 'idempotency-conflict', existing } };
}
