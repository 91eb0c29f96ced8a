import { describe, expect, it } from 'vitest';
import { nextStates, statesBefore } from './lease-lifecycle.ts';

describe('lease lifecycle', () => {
  it('lets only interruptible and batch leases be preempted, and only batch jobs pause', () => {
    expect(nextStates('running', 'on-demand')).toEqual(['completed', 'failed']);
    expect(nextStates('running', 'interruptible')).toEqual(['preempting', 'completed', 'failed']);
    expect(nextStates('running', 'batch')).toEqual(['preempting', 'completed', 'failed', 'pending']);
    expect(nextStates('completed', 'batch')).toEqual([]);
  });

  it('lists the states a transition may come from', () => {
    expect(statesBefore('cancelled', 'on-demand')).toEqual(['pending', 'provisioning']);
    expect(statesBefore('preempted', 'interruptible')).toEqual(['preempting']);
  });
});
