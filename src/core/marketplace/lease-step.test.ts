import { describe, expect, it } from 'vitest';
import type { ComputeStatus } from '../ports/compute-backend.ts';
import { type LeaseStep, leaseStep, needsObservation } from './lease-step.ts';
import type { Lease, LeaseState, MeterSegment } from './marketplace-types.ts';
import { leaseFixture } from './testing-fixtures.ts';

const MIN = 60_000;
const T0 = Date.parse('2024-03-01T00:00:00Z');

/**
 * A tiny world for the table: the lease as stored, the nodes' report, the meter segments. Each
 * tick decides on it (the step under test), then the test plays the runner's write phase.
 */
class World {
  lease: Lease;
  segments: MeterSegment[] = [];
  gpuSecondsRun = 0;
  node: { state: ComputeStatus['state']; startedAtMs: number | null; stoppedAtMs: number | null } = {
    state: 'running',
    startedAtMs: null,
    stoppedAtMs: null,
  };

  constructor(lease: Lease) {
    this.lease = lease;
  }

  move(to: LeaseState, atMs: number, reason: string): void {
    this.lease = {
      ...this.lease,
      state: to,
      transitions: [...this.lease.transitions, { state: to, atMs, reason }],
    };
  }

  status(nowMs: number): ComputeStatus {
    return {
      leaseId: this.lease.id,
      ...this.node,
      preemptAtMs: null,
      utilisation: 1,
      powerW: 700 * this.lease.gpus,
      reportedAtMs: nowMs,
    };
  }

  /** One tick at `nowMs` with the plan giving `planned` GPUs to a batch job. */
  tick(nowMs: number, planned = 0): LeaseStep {
    const observe = needsObservation(this.lease, nowMs);
    const decision = leaseStep({
      lease: this.lease,
      nowMs,
      plannedBatchGpus: planned,
      gpuSecondsRun: this.gpuSecondsRun,
      ...(observe
        ? {
            observed: {
              status: this.status(nowMs),
              segments: this.segments,
              meter: { pue: 1.2, greenShare: 0.5 },
            },
          }
        : {}),
    });
    // The write phase, as the runner does it against a backend that always succeeds.
    for (const s of decision.segments) this.segments = [...this.segments.filter((x) => x.seq !== s.seq), s];
    this.gpuSecondsRun = decision.gpuSecondsRun;
    const { step } = decision;
    if (step.kind === 'provision') this.move('provisioning', nowMs, 'placed');
    if (step.kind === 'start') {
      this.node = { state: 'running', startedAtMs: nowMs, stoppedAtMs: null };
      this.move('running', nowMs, 'started');
    }
    if (step.kind === 'move') this.move(step.to, step.atMs, step.reason);
    if (step.kind === 'finish') this.move('completed', nowMs, step.reason);
    if (step.kind === 'pause') {
      this.node = { state: 'stopped', startedAtMs: null, stoppedAtMs: null };
      this.move('pending', nowMs, step.reason);
    }
    return step;
  }
}

describe('leaseStep, tick by tick on a fake clock', () => {
  it('an on-demand lease: placed, started, metered while it runs, completed when the node says it ended', () => {
    const world = new World(leaseFixture({ state: 'pending', gpus: 2, createdAtMs: T0 }));
    // [minute, what the node does before the tick, expected step, lease state after, GPU-seconds run]
    const table: [number, (() => void) | undefined, LeaseStep['kind'], LeaseState, number][] = [
      [0, undefined, 'provision', 'provisioning', 0],
      [1, undefined, 'start', 'running', 0],
      [2, undefined, 'wait', 'running', 60 * 2],
      [11, undefined, 'wait', 'running', 600 * 2],
      [
        12,
        () => {
          world.node = { ...world.node, state: 'stopped', stoppedAtMs: T0 + 11.5 * MIN };
        },
        'move',
        'completed',
        630 * 2,
      ],
    ];
    for (const [minute, before, kind, state, gpuSeconds] of table) {
      before?.();
      const step = world.tick(T0 + minute * MIN);
      expect(step.kind, `minute ${minute}`).toBe(kind);
      expect(world.lease.state, `minute ${minute}`).toBe(state);
      expect(world.gpuSecondsRun, `minute ${minute}`).toBe(gpuSeconds);
    }
    expect(world.lease.transitions.at(-1)).toMatchObject({
      atMs: T0 + 11.5 * MIN,
      reason: 'the workload ended',
    });
    // Energy metered at the report's power x PUE over the run (2 GPUs x 700 W x 1.2, 10.5 min).
    const wh = world.segments.reduce((s, x) => s + x.energyWh, 0);
    expect(wh).toBeCloseTo((1400 * 1.2 * 10.5) / 60, 6);
  });

  it('a batch job: waits for the plan, pauses when the plan stops it, completes its GPU-hours', () => {
    const world = new World(
      leaseFixture({
        tier: 'batch',
        state: 'pending',
        gpus: 1,
        createdAtMs: T0,
        batch: { gpuHours: 0.5, deadlineMs: T0 + 24 * 60 * MIN },
      }),
    );
    // [minute, GPUs the plan gives the job, expected step, state after]
    const table: [number, number, LeaseStep['kind'], LeaseState][] = [
      [0, 0, 'wait', 'pending'],
      [15, 0.4, 'wait', 'pending'],
      [30, 1, 'provision', 'provisioning'],
      [31, 1, 'start', 'running'],
      [45, 1, 'wait', 'running'],
      [46, 0, 'pause', 'pending'],
      [60, 1, 'provision', 'provisioning'],
      [61, 1, 'start', 'running'],
      [75, 1, 'wait', 'running'],
      // 15 min before the pause, 15 min since: the half GPU-hour is done.
      [76, 1, 'finish', 'completed'],
    ];
    for (const [minute, planned, kind, state] of table) {
      const step = world.tick(T0 + minute * MIN, planned);
      expect(step.kind, `minute ${minute}`).toBe(kind);
      expect(world.lease.state, `minute ${minute}`).toBe(state);
    }
    expect(world.lease.transitions.at(-1)?.reason).toBe('ran its 0.5 GPU-hours');
    expect(world.gpuSecondsRun).toBe(1800);
  });

  it('a batch job past its deadline fails with what it ran, stopping its workload if placed', () => {
    const deadlineMs = T0 + 60 * MIN;
    const lease = leaseFixture({
      tier: 'batch',
      state: 'running',
      gpus: 1,
      batch: { gpuHours: 4, deadlineMs },
    });
    expect(needsObservation(lease, deadlineMs - 1)).toBe(true);
    expect(needsObservation(lease, deadlineMs)).toBe(false);
    const decision = leaseStep({ lease, nowMs: deadlineMs, plannedBatchGpus: 1, gpuSecondsRun: 5400 });
    expect(decision.step).toEqual({
      kind: 'move',
      to: 'failed',
      atMs: deadlineMs,
      reason: 'deadline missed: ran 1.5 of 4 GPU-hours by 2024-03-01T01:00:00.000Z',
      stopFirst: true,
    });
    const pending = leaseStep({
      lease: { ...lease, state: 'pending' },
      nowMs: deadlineMs,
      plannedBatchGpus: 1,
      gpuSecondsRun: 0,
    });
    expect(pending.step).toMatchObject({ kind: 'move', to: 'failed', stopFirst: false });
  });

  it('a preempted lease ends `preempted` when its notice runs out (a batch job goes back to pending)', () => {
    for (const [tier, to] of [
      ['interruptible', 'preempted'],
      ['batch', 'pending'],
    ] as const) {
      const world = new World(
        leaseFixture({
          tier,
          state: 'preempting',
          gpus: 1,
          ...(tier === 'batch' ? { batch: { gpuHours: 10, deadlineMs: T0 + 10 * 60 * MIN } } : {}),
          transitions: [
            { state: 'running', atMs: T0, reason: 'started' },
            { state: 'preempting', atMs: T0 + 5 * MIN, reason: 'energy needed' },
          ],
        }),
      );
      world.node = { state: 'running', startedAtMs: T0, stoppedAtMs: null };
      expect(world.tick(T0 + 6 * MIN, 1).kind).toBe('wait');
      world.node = { state: 'stopped', startedAtMs: T0, stoppedAtMs: T0 + 7 * MIN };
      expect(world.tick(T0 + 8 * MIN, 1)).toEqual({
        kind: 'move',
        to,
        atMs: T0 + 7 * MIN,
        reason: 'preemption notice ran out',
        stopFirst: false,
      });
    }
  });

  it('a reserved lease finishes at the end of its term; a node failure fails it', () => {
    const reserved = new World(
      leaseFixture({ tier: 'reserved', state: 'provisioning', gpus: 1, termEndsAtMs: T0 + 30 * MIN }),
    );
    expect(reserved.tick(T0).kind).toBe('start');
    expect(reserved.tick(T0 + 29 * MIN).kind).toBe('wait');
    expect(reserved.tick(T0 + 30 * MIN)).toEqual({ kind: 'finish', reason: 'reserved term ended' });

    const failing = new World(leaseFixture({ state: 'provisioning', gpus: 1 }));
    failing.tick(T0);
    failing.node = { state: 'failed', startedAtMs: T0, stoppedAtMs: T0 + MIN };
    expect(failing.tick(T0 + 2 * MIN)).toMatchObject({ kind: 'move', to: 'failed', atMs: T0 + MIN });
  });
});
