import { describe, expect, it } from 'vitest';
import { ManualClock, ReplayClock } from './replay-clock.ts';

describe('ReplayClock', () => {
  it('runs simulated time `speed` times faster than the wall clock', () => {
    const wall = new ManualClock(1_000);
    const clock = new ReplayClock(Date.parse('2023-08-01T00:00:00Z'), 60, () => wall.nowMs());
    expect(clock.nowMs()).toBe(Date.parse('2023-08-01T00:00:00Z'));
    wall.advance(15_000);
    expect(clock.nowMs()).toBe(Date.parse('2023-08-01T00:15:00Z'));
  });

  it('refuses a speed that is not positive', () => {
    expect(() => new ReplayClock(0, 0)).toThrow(/speed must be > 0/);
  });
});
