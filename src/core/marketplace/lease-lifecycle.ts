import type { LeaseState, Tier } from './marketplace-types.ts';
import { TERMINAL_STATES } from './marketplace-types.ts';

/**
 * The lease state machine: pending -> provisioning -> running -> (preempting -> preempted) |
 * completed | failed | cancelled. Only interruptible and batch leases are preempted. A batch job
 * also pauses (running/preempting -> pending) when its hours are not the cheapest and resumes later.
 */
const NEXT: Readonly<Record<LeaseState, readonly LeaseState[]>> = {
  pending: ['provisioning', 'cancelled', 'failed'],
  provisioning: ['running', 'failed', 'cancelled'],
  running: ['preempting', 'completed', 'failed', 'pending'],
  preempting: ['preempted', 'completed', 'failed', 'pending'],
  preempted: [],
  completed: [],
  failed: [],
  cancelled: [],
};

const INTERRUPTIBLE: readonly Tier[] = ['interruptible', 'batch'];

export function isInterruptible(tier: Tier): boolean {
  return INTERRUPTIBLE.includes(tier);
}

export function isTerminal(state: LeaseState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** The states a lease may move to from `from`, given its tier. */
export function nextStates(from: LeaseState, tier: Tier): readonly LeaseState[] {
  return NEXT[from].filter(
    (to) => (to !== 'preempting' || isInterruptible(tier)) && (to !== 'pending' || tier === 'batch'),
  );
}

/** The states from which a lease may move to `to`, given its tier (for compare-and-set). */
export function statesBefore(to: LeaseState, tier: Tier): LeaseState[] {
  return (Object.keys(NEXT) as LeaseState[]).filter((from) => nextStates(from, tier).includes(to));
}
