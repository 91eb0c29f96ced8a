import { describe, expect, it } from 'vitest';
import { reconcilePayouts } from './reconcile-payouts.ts';

describe('reconcilePayouts', () => {
  it('sums several payouts of a site-day and shows days present on one side only', () => {
    const result = reconcilePayouts(
      [
        { siteId: 'a', date: '2025-09-01', sats: 1_000n },
        { siteId: 'a', date: '2025-09-02', sats: 1_000n },
      ],
      [
        { siteId: 'a', date: '2025-09-01', sats: 600n },
        { siteId: 'a', date: '2025-09-01', sats: 390n },
        { siteId: 'a', date: '2025-09-03', sats: 5n },
      ],
    );
    expect(
      result.rows.map((r) => [r.date, r.expectedSats, r.actualSats, r.differenceSats, r.differenceBps]),
    ).toEqual([
      ['2025-09-01', 1_000n, 990n, -10n, -100n],
      ['2025-09-02', 1_000n, 0n, -1_000n, -10_000n],
      ['2025-09-03', 0n, 5n, 5n, undefined],
    ]);
    expect(result.total).toEqual({
      expectedSats: 2_000n,
      actualSats: 995n,
      differenceSats: -1_005n,
      differenceBps: -5_025n,
    });
  });
});
