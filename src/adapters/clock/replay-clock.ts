import type { Clock } from '../../core/ports/clock.ts';

/**
 * Replays history on an accelerated clock: simulated time starts at `startMs` and runs `speed`
 * times faster than the wall clock (speed 1 = real time). Lets the live loop run over the shipped
 * historical prices in a demo or a test.
 */
export class ReplayClock implements Clock {
  private readonly wallStartMs: number;

  /**
   * @param wallStartMs wall-clock instant at which the replay starts (default: now). Replicas that
   * share it share one simulated time.
   */
  constructor(
    private readonly startMs: number,
    private readonly speed: number,
    private readonly wallNowMs: () => number = Date.now,
    wallStartMs?: number,
  ) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
    this.wallStartMs = wallStartMs ?? wallNowMs();
  }

  nowMs(): number {
    return this.startMs + (this.wallNowMs() - this.wallStartMs) * this.speed;
  }
}

/** Wall time. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: number) {}

  nowMs(): number {
    return this.current;
  }

  set(ms: number): void {
    this.current = ms;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
