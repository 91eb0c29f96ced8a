import { describe, expect, it } from 'vitest';
import type { Tenant } from './marketplace-types.ts';
import { spendingLimitStep } from './spending-limit-step.ts';
import { leaseFixture } from './testing-fixtures.ts';

const tenant = (id: string, spendingLimitCents: number) => ({ id, spendingLimitCents }) as Tenant;

describe('spendingLimitStep', () => {
  const leases = [
    leaseFixture({ id: 'od', tenantId: 'acme', tier: 'on-demand', state: 'running' }),
    leaseFixture({ id: 'int', tenantId: 'acme', tier: 'interruptible', state: 'running' }),
    leaseFixture({ id: 'int-noticed', tenantId: 'acme', tier: 'interruptible', state: 'preempting' }),
    leaseFixture({ id: 'pending', tenantId: 'acme', tier: 'interruptible', state: 'pending' }),
    leaseFixture({ id: 'res', tenantId: 'acme', tier: 'reserved', state: 'running' }),
    leaseFixture({ id: 'other', tenantId: 'other', tier: 'on-demand', state: 'running' }),
  ];
  const tenants = new Map([
    ['acme', tenant('acme', 10_000)],
    ['other', tenant('other', 10_000)],
  ]);

  it('ends the leases of a tenant at its limit (notice for running interruptible ones), reserved terms aside', () => {
    const actions = spendingLimitStep(
      leases,
      tenants,
      new Map([
        ['acme', 10_000],
        ['other', 9_999],
      ]),
    );
    expect(actions.map((a) => [a.lease.id, a.action])).toEqual([
      ['od', 'stop'],
      ['int', 'preempt'],
      ['pending', 'stop'],
    ]);
    expect(actions[0]!.reason).toBe('spending limit reached: 10000 of 10000 cents this month');
  });

  it('does nothing below the limit, or for a tenant it knows nothing of', () => {
    expect(spendingLimitStep(leases, tenants, new Map([['acme', 9_999]]))).toEqual([]);
    expect(spendingLimitStep(leases, new Map(), new Map([['acme', 99_999]]))).toEqual([]);
  });
});
