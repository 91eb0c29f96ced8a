import type { FallbackRule } from './fallback-rule.ts';

/** A stretch of time during which the local fallback rule ran instead of a setpoint. */
export interface FallbackEpisode {
  readonly rule: FallbackRule;
  /** Why: no setpoint received yet, or the last one expired. */
  readonly reason: 'no-setpoint' | 'expired';
  /** First tick that ran the fallback rule. */
  readonly fromMs: number;
  /** First tick back on a setpoint; undefined while it lasts. */
  readonly toMs?: number;
}

/** Follows fallback episodes from tick to tick. */
export class FallbackTracker {
  #current: FallbackEpisode | undefined;

  /** The episode running now, if any. */
  get current(): FallbackEpisode | undefined {
    return this.#current;
  }

  /**
   * Records one tick's mode. Returns what changed: the episode that began with this tick, or the
   * one that ended with it (with `toMs`).
   */
  record(
    tick: { inFallback: false } | { inFallback: true; rule: FallbackRule; reason: FallbackEpisode['reason'] },
    nowMs: number,
  ): { began?: FallbackEpisode; ended?: FallbackEpisode } {
    const current = this.#current;
    if (tick.inFallback) {
      if (current !== undefined) return {};
      this.#current = { rule: tick.rule, reason: tick.reason, fromMs: nowMs };
      return { began: this.#current };
    }
    if (current === undefined) return {};
    this.#current = undefined;
    return { ended: { ...current, toMs: nowMs } };
  }
}
