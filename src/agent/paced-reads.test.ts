import { describe, expect, it } from 'vitest';
import { type Pacer, pacedMapLimit, pollSpreadMs } from './paced-reads.ts';

/** A manual pacer: time moves only when a call waits. */
function manualPacer(): Pacer & { readonly waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    nowMs: () => now,
    delay: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('pacedMapLimit', () => {
  it('spreads the starts evenly over the spread, in order, and returns results in the items order', async () => {
    const pacer = manualPacer();
    const startedAt: number[] = [];
    const results = await pacedMapLimit(
      [10, 20, 30, 40],
      async (item, index) => {
        startedAt[index] = pacer.nowMs();
        return item * 2;
      },
      { concurrency: 1, spreadMs: 1_000, pacer },
    );
    expect(results).toEqual([20, 40, 60, 80]);
    expect(startedAt).toEqual([0, 250, 500, 750]);
  });

  it('never has more than `concurrency` calls in flight', async () => {
    const pacer = manualPacer();
    let inFlight = 0;
    let most = 0;
    await pacedMapLimit(
      Array.from({ length: 50 }, (_, i) => i),
      async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
      },
      { concurrency: 3, spreadMs: 100, pacer },
    );
    expect(most).toBe(3);
  });

  it('does not wait at all without a spread', async () => {
    const pacer = manualPacer();
    await pacedMapLimit([1, 2, 3], async (x) => x, { concurrency: 1, spreadMs: 0, pacer });
    expect(pacer.waits).toEqual([]);
  });
});

describe('pollSpreadMs', () => {
  it('spreads a site bigger than one round of reads over its share of the poll period', () => {
    expect(pollSpreadMs(10_000, 256, 60_000, 0.5)).toBe(30_000);
  });

  it('reads a site that fits in one round at once', () => {
    expect(pollSpreadMs(200, 256, 60_000, 0.5)).toBe(0);
  });
});
