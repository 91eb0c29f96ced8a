import { describe, expect, it } from 'vitest';
import { ManualClock } from '../adapters/clock/replay-clock.ts';
import { MemoryStorage } from '../adapters/storage/index.ts';
import { LeaderElection, Scheduler, type WallTimer } from './scheduler.ts';

const MIN = 60_000;

/** A wall timer driven by hand: `fire()` runs every registered tick once. */
function manualTimer() {
  const ticks = new Map<number, () => void>();
  let next = 0;
  const timer: WallTimer = (_everyMs, tick) => {
    const id = next++;
    ticks.set(id, tick);
    return () => ticks.delete(id);
  };
  return {
    timer,
    fire: () => {
      for (const tick of [...ticks.values()]) tick();
    },
    count: () => ticks.size,
  };
}

function setup(instanceId = 'a', storage = new MemoryStorage()) {
  const clock = new ManualClock(Date.parse('2024-03-01T00:00:00Z'));
  const wall = manualTimer();
  const errors: string[] = [];
  const scheduler = new Scheduler({
    clock,
    leader: new LeaderElection(storage.leader, instanceId, clock),
    log: { error: (_details, message) => errors.push(message) },
    timer: wall.timer,
  });
  return { clock, wall, errors, scheduler, storage };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Scheduler', () => {
  it('runs a clock-interval job once per interval of the server clock, with the interval start', async () => {
    const { clock, wall, scheduler } = setup();
    const ran: number[] = [];
    scheduler.add({
      name: 'allocation',
      everyMs: 1000,
      clockIntervalMs: 15 * MIN,
      tick: async (at) => ran.push(at),
    });
    scheduler.start();
    const t0 = clock.nowMs();
    // tick-by-tick: [advance the clock by, intervals started so far]
    const table: [number, number[]][] = [
      [0, [t0]],
      [5 * MIN, [t0]],
      [10 * MIN, [t0, t0 + 15 * MIN]],
      [1, [t0, t0 + 15 * MIN]],
      [30 * MIN, [t0, t0 + 15 * MIN, t0 + 45 * MIN]],
    ];
    for (const [advance, expected] of table) {
      clock.advance(advance);
      wall.fire();
      await settle();
      expect(ran).toEqual(expected);
    }
    await scheduler.stop();
  });

  it('ticks a leader job only on the replica holding the lease, and the other takes over when it expires', async () => {
    const storage = new MemoryStorage();
    const a = setup('a', storage);
    const b = setup('b', storage);
    b.clock.set(a.clock.nowMs());
    const ran: string[] = [];
    for (const [name, s] of [
      ['a', a],
      ['b', b],
    ] as const) {
      s.scheduler.add({
        name: 'lease-runner',
        everyMs: 1000,
        leader: { lease: 'lease-runner', ttlMs: 5000 },
        tick: async () => ran.push(name),
      });
      s.scheduler.start();
    }
    a.wall.fire();
    await settle();
    b.wall.fire();
    await settle();
    expect(ran).toEqual(['a']);
    // a stops ticking; its lease runs out 5 s later and b takes it.
    await a.scheduler.stop();
    b.clock.advance(6000);
    b.wall.fire();
    await settle();
    expect(ran).toEqual(['a', 'b']);
    await b.scheduler.stop();
  });

  it('logs a failed tick and ticks again next time; stop cancels every timer', async () => {
    const { wall, errors, scheduler } = setup();
    let calls = 0;
    scheduler.add({
      name: 'retention',
      everyMs: 3_600_000,
      tick: async () => {
        calls++;
        if (calls === 1) throw new Error('database gone');
      },
    });
    scheduler.start();
    wall.fire();
    await settle();
    wall.fire();
    await settle();
    expect(calls).toBe(2);
    expect(errors).toEqual(['retention tick failed']);
    await scheduler.stop();
    expect(wall.count()).toBe(0);
  });

  it('skips the checks that come while a tick is still running', async () => {
    const { wall, scheduler } = setup();
    let release!: () => void;
    let started = 0;
    scheduler.add({
      name: 'slow',
      everyMs: 1000,
      tick: () => {
        started++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    scheduler.start();
    wall.fire();
    wall.fire();
    wall.fire();
    await settle();
    expect(started).toBe(1);
    release();
    await settle();
    wall.fire();
    await settle();
    expect(started).toBe(2);
    release();
    await scheduler.stop();
  });

  it('refuses a job registered twice', () => {
    const { scheduler } = setup();
    scheduler.add({ name: 'x', everyMs: 1, tick: async () => undefined });
    expect(() => scheduler.add({ name: 'x', everyMs: 1, tick: async () => undefined })).toThrow(/twice/);
  });
});
