import { describe, expect, it } from 'vitest';
import type { IntervalGrid } from '../forecast/interval-grid.ts';
import type { SiteMarket } from './site-market.ts';
import { applySleepRule, newestImportPrice } from './sleep-rule.ts';

function marketOf(values: number[], cellsPerSourceInterval: number, priceKnownAhead = false): SiteMarket {
  const grid: IntervalGrid = {
    startMs: 0,
    cellMinutes: 15,
    values: new Float64Array(values),
    cellsPerSourceInterval,
  };
  return { exportPrice: grid, importAdderUsdPerMwh: 4, priceKnownAhead } as unknown as SiteMarket;
}

describe('the plan-set sleep rule', () => {
  const setpoint = {
    minerMw: [10, 5, 0],
    chargeMw: 0,
    dischargeMw: 2,
    interruptibleGpus: [],
    sleepAbovePriceUsdPerMwh: [120, 60, undefined],
  };

  it('sleeps exactly the groups whose limit the newest price exceeds', () => {
    expect(applySleepRule(setpoint, 100).minerMw).toEqual([10, 0, 0]);
    expect(applySleepRule(setpoint, 130).minerMw).toEqual([0, 0, 0]);
    expect(applySleepRule(setpoint, 50)).toBe(setpoint);
    expect(applySleepRule(setpoint, 130).dischargeMw).toBe(2);
  });

  it('does nothing without a rule or a price', () => {
    const { sleepAbovePriceUsdPerMwh: _, ...bare } = setpoint;
    expect(applySleepRule(bare, 1000)).toBe(bare);
    expect(applySleepRule(setpoint, Number.NaN)).toBe(setpoint);
  });

  it('reads the newest price whose interval has ended, with the adder: the previous cell of a 15-minute source', () => {
    const market = marketOf([10, 20, 900, 30], 1);
    expect(newestImportPrice(market, 3)).toBe(904);
  });

  it('on an hourly source, the last whole hour: nothing of the running hour', () => {
    const market = marketOf([10, 10, 10, 10, 900, 900, 900, 900], 4);
    expect(newestImportPrice(market, 6)).toBe(14);
    expect(newestImportPrice(market, 8)).toBe(904);
  });

  it('has no price for tariffs known ahead', () => {
    expect(newestImportPrice(marketOf([10, 20], 1, true), 1)).toBeNaN();
  });
});
