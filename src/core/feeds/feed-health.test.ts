import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';
import { feedAgeMs, initialHealth, isStale, nextHealth } from './feed-health.ts';

describe('feed health', () => {
  const start = initialHealth('ercot-rt-hb-west', 'ERCOT RT', 1_200_000);

  it('counts consecutive failures and resets them on a success, keeping the last value', () => {
    const failed = nextHealth(nextHealth(start, { ok: false, atMs: 10, error: 'timeout' }), {
      ok: false,
      atMs: 20,
      error: 'HTTP 503',
    });
    expect(failed).toMatchObject({ consecutiveFailures: 2, lastError: 'HTTP 503', lastAttemptMs: 20 });
    expect(failed.lastSuccessMs).toBeUndefined();
    const value = { key: 'power:ercot_rt_hb_west', atMs: 0, value: 24.6, knownAtMs: 5 };
    const ok = nextHealth(failed, { ok: true, atMs: 30, points: 3, lastValue: value });
    expect(ok).toMatchObject({ consecutiveFailures: 0, lastSuccessMs: 30, lastValue: value, lastPoints: 3 });
    expect(ok.lastError).toBeUndefined();
    const empty = nextHealth(ok, { ok: true, atMs: 40, points: 0 });
    expect(empty.lastValue).toEqual(value);
    expect(feedAgeMs(empty, 100)).toBe(60);
  });

  it('is stale past its maximum age since the last success, or since polling began', () => {
    expect(isStale(start, 1_000_000, 0)).toBe(false);
    expect(isStale(start, 1_200_001, 0)).toBe(true);
    const ok = nextHealth(start, { ok: true, atMs: 1_000_000, points: 1 });
    expect(isStale(ok, 2_200_000, 0)).toBe(false);
    expect(isStale(ok, 2_200_001, 0)).toBe(true);
    expect(feedAgeMs(start, 5)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the base up to the cap, with half of it jittered', () => {
    expect(backoffDelayMs(1, 1000, 30_000, 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 30_000, 0.999_999)).toBe(1000);
    expect(backoffDelayMs(3, 1000, 30_000, 0.5)).toBe(3000);
    expect(backoffDelayMs(10, 1000, 30_000, 1)).toBe(30_000);
    expect(backoffDelayMs(10, 1000, 30_000, 0)).toBe(15_000);
  });
});
