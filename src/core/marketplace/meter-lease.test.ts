import { describe, expect, it } from 'vitest';
import type { ComputeStatus } from '../ports/compute-backend.ts';
import type { MeterSegment } from './marketplace-types.ts';
import { meterLease } from './meter-lease.ts';
import { leaseFixture } from './testing-fixtures.ts';

const status = (over: Partial<ComputeStatus>): ComputeStatus => ({
  leaseId: 'lease-1',
  state: 'running',
  startedAtMs: 10_000,
  stoppedAtMs: null,
  preemptAtMs: null,
  utilisation: 0.9,
  powerW: 5600,
  reportedAtMs: 10_000,
  ...over,
});

describe('meterLease', () => {
  const running = leaseFixture({
    tier: 'interruptible',
    transitions: [
      { state: 'pending', atMs: 0, reason: 'created' },
      { state: 'provisioning', atMs: 1_000, reason: 'placed' },
      { state: 'running', atMs: 9_000, reason: 'workload started' },
    ],
  });

  it('bills from when the node reports the workload started, not from the transition', () => {
    const [seg] = meterLease(running, [], status({ reportedAtMs: 3_610_000 }), {
      pue: 1.25,
      greenShare: 0.5,
    });
    expect(seg).toMatchObject({ seq: 1, state: 'running', fromMs: 10_000, toMs: 3_610_000, gpus: 8 });
    expect(seg!.energyWh).toBeCloseTo(7000); // 5.6 kW x 1.25 x 1 h
    expect(seg!.greenWh).toBeCloseTo(3500);
  });

  it('extends the open segment on the next report and accumulates energy since its end', () => {
    const first = meterLease(running, [], status({ reportedAtMs: 3_610_000 }), { pue: 1, greenShare: 0 });
    const next = meterLease(running, first, status({ reportedAtMs: 7_210_000, powerW: 2800 }), {
      pue: 1,
      greenShare: 0,
    });
    expect(next).toEqual([expect.objectContaining({ seq: 1, fromMs: 10_000, toMs: 7_210_000 })]);
    expect(next[0]!.energyWh).toBeCloseTo(5600 + 2800);
    expect(meterLease(running, next, status({ reportedAtMs: 7_210_000 }), { pue: 1, greenShare: 0 })).toEqual(
      [],
    );
  });

  it('splits running and the preemption notice, and ends at the stop the node reports', () => {
    const preempted = leaseFixture({
      ...running,
      state: 'preempted',
      transitions: [
        ...running.transitions,
        { state: 'preempting', atMs: 100_000, reason: 'energy needed' },
        { state: 'preempted', atMs: 221_000, reason: 'notice ran out' },
      ],
    });
    const segments = meterLease(
      preempted,
      [],
      status({ state: 'stopped', stoppedAtMs: 220_000, reportedAtMs: 225_000 }),
      { pue: 1, greenShare: 0 },
    );
    expect(segments.map((s: MeterSegment) => [s.seq, s.state, s.fromMs, s.toMs])).toEqual([
      [1, 'running', 10_000, 100_000],
      [2, 'preempting', 100_000, 220_000],
    ]);
  });

  it('meters nothing before the workload starts', () => {
    expect(meterLease(running, [], status({ startedAtMs: null }), { pue: 1, greenShare: 0 })).toEqual([]);
  });
});
