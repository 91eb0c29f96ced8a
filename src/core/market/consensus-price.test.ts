import { describe, expect, it } from 'vitest';
import { consensusPrice } from './consensus-price.ts';

describe('consensusPrice', () => {
  it('takes the median of the venues that answered', () => {
    expect(
      consensusPrice([
        { venue: 'a', price: 100 },
        { venue: 'b', price: 101 },
        { venue: 'c', price: 100.5 },
      ])?.price,
    ).toBe(100.5);
    expect(
      consensusPrice([
        { venue: 'a', price: 100 },
        { venue: 'b', price: 101 },
      ])?.price,
    ).toBe(100.5);
    expect(consensusPrice([{ venue: 'a', price: 100 }])?.used).toEqual(['a']);
  });

  it('refuses an outlier more than 2 % from the median and names it', () => {
    const result = consensusPrice([
      { venue: 'a', price: 73_367.8 },
      { venue: 'b', price: 73_380.6 },
      { venue: 'c', price: 7_338.5 },
      { venue: 'd', price: 73_285 },
    ]);
    expect(result?.refused).toEqual([{ venue: 'c', price: 7_338.5 }]);
    expect(result?.price).toBe(73_367.8);
  });

  it('trusts neither of two venues that disagree, and nothing without answers', () => {
    expect(
      consensusPrice([
        { venue: 'a', price: 100 },
        { venue: 'b', price: 150 },
      ]),
    ).toBeUndefined();
    expect(consensusPrice([])).toBeUndefined();
    expect(
      consensusPrice([
        { venue: 'a', price: Number.NaN },
        { venue: 'b', price: -1 },
      ]),
    ).toBeUndefined();
  });
});
