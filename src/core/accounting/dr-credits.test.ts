import { describe, expect, it } from 'vitest';
import type { IntervalOutcome } from '../backtest/settle-interval.ts';
import { DrCollector, drPostings, fleetDrWindows } from './dr-credits.ts';

const T0 = Date.UTC(2025, 5, 30, 23, 0);
const outcome = (startMs: number, miningMw: number) => ({ startMs, miningMw }) as IntervalOutcome;

describe('demand-response credits', () => {
  it('credits the mining load not drawn during the window, weighted by overlap, converted once', () => {
    const windows = fleetDrWindows([
      {
        id: 'a',
        demandResponse: [
          // 23:30 .. 01:00 the next day (a new month): 1.5 h, of which 0.5 h in June.
          { id: 'heat', from: '2025-06-30T23:30:00Z', to: '2025-07-01T01:00:00Z', creditUsdPerMwh: 250.5 },
        ],
      },
      {
        id: 'b',
        demandResponse: [{ id: 'no-price', from: '2025-06-30T23:00:00Z', to: '2025-06-30T23:15:00Z' }],
      },
    ]);
    const loads = new Map([
      ['a', { maxMiningMw: 10, pue: 1.1 }],
      ['b', { maxMiningMw: 4, pue: 1 }],
    ]);
    const collector = new DrCollector('s', 15, windows, loads);
    collector.interval('other', 'a', outcome(T0 + 30 * 60_000, 0)); // another strategy: ignored
    collector.interval('s', 'a', outcome(T0 + 15 * 60_000, 10)); // before the window
    collector.interval('s', 'a', outcome(T0 + 30 * 60_000, 0)); // 15 min, all shed: 11 MW x 0.25 h
    collector.interval('s', 'a', outcome(T0 + 45 * 60_000, 4)); // 15 min, 6 MW shed: 6.6 MW x 0.25 h
    collector.interval('s', 'b', outcome(T0, 1));
    const [a, b] = collector.results();
    // (11 + 6.6) x 0.25 = 4.4 MWh; x 250.5 USD = 1102.2 USD
    expect(a).toMatchObject({
      siteId: 'a',
      eventId: 'heat',
      source: 'fleet',
      seconds: 1_800n,
      curtailedWh: 4_400_000n,
      creditMicroUsdPerMwh: 250_500_000n,
      creditMicroUsd: 1_102_200_000n,
    });
    expect(b).toMatchObject({ eventId: 'no-price', curtailedWh: 750_000n, creditMicroUsd: 0n });
    expect(b!.creditMicroUsdPerMwh).toBeUndefined();
    // Booked in June (the event's first day in the month); an event without a price books nothing.
    const postings = drPostings('2025-06', [a!, b!]);
    expect(postings).toHaveLength(1);
    expect(postings[0]).toMatchObject({ key: 'dr:a:heat:2025-06', date: '2025-06-30', unit: 'micro-usd' });
    expect(postings[0]!.lines.map((l) => [l.account, l.side, l.amount])).toEqual([
      ['cash-usd', 'debit', 1_102_200_000n],
      ['dr-credits', 'credit', 1_102_200_000n],
    ]);
    expect(drPostings('2025-07', [a!])[0]!.date).toBe('2025-07-01');
  });
});
