import { describe, expect, it } from 'vitest';
import type { Fleet } from '../core/fleet/index.ts';
import { twinShares } from './twin-shares.ts';

const site = (id: string, groups: { model: string; count: number }[]) =>
  ({ id, minerGroups: groups }) as unknown as Fleet['sites'][number];

describe('twinShares', () => {
  it('is each site’s emulated share of its nameplate power, groups rounded to whole machines', () => {
    const watts = new Map([
      ['S21', 3500],
      ['S19', 3250],
    ]);
    const shares = twinShares(
      {
        sites: [
          site('a', [{ model: 'S21', count: 1330 }]),
          site('b', [
            { model: 'S21', count: 1000 },
            { model: 'S19', count: 40 },
          ]),
        ],
      },
      0.01,
      (model) => watts.get(model),
    );
    expect(shares.a).toBeCloseTo(13 / 1330, 12);
    // 10 S21 + 1 S19 (0.4 rounds to at least one) of 1,000 S21 + 40 S19.
    expect(shares.b).toBeCloseTo((10 * 3500 + 3250) / (1000 * 3500 + 40 * 3250), 12);
  });
});
