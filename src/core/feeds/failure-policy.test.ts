import { describe, expect, it } from 'vitest';
import { breakevenPerMwh, DEFAULT_FAILURE_POLICY, fallbackSetpoint } from './failure-policy.ts';

const MIN = 60_000;
const last = { miningMw: 30, aiMw: 2, batteryMw: -1 };
const base = { policy: DEFAULT_FAILURE_POLICY, failingSinceMs: 0, fullMiningMw: 40 };

describe('fallbackSetpoint (default: hold 60 min, then breakeven)', () => {
  it('holds the last setpoint during the hold time', () => {
    const held = fallbackSetpoint({ ...base, nowMs: 23 * MIN, last });
    expect(held).toMatchObject(last);
    expect(held.reason).toMatch(/holding the last setpoint \(37 min left\)/);
  });

  it('then applies the breakeven rule on the last known price', () => {
    const price = { value: 45, atMs: 0, unit: 'USD/MWh' };
    const mining = fallbackSetpoint({
      ...base,
      nowMs: 61 * MIN,
      last,
      lastPrice: price,
      breakevenPerMwh: 70,
    });
    expect(mining).toMatchObject({ miningMw: 40, aiMw: 2, batteryMw: 0 });
    expect(mining.reason).toMatch(/45\.00 USD\/MWh .* <= breakeven 70\.00: mining at full power/);
    const asleep = fallbackSetpoint({
      ...base,
      nowMs: 61 * MIN,
      last,
      lastPrice: { ...price, value: 900 },
      breakevenPerMwh: 70,
    });
    expect(asleep.miningMw).toBe(0);
  });

  it('never sleeps the miners for want of data by default', () => {
    expect(fallbackSetpoint({ ...base, nowMs: 500 * MIN, last }).miningMw).toBe(30);
    expect(fallbackSetpoint({ ...base, nowMs: 0 }).miningMw).toBe(40);
  });

  it('sleeps only when the fleet file says so', () => {
    const policy = { holdMinutes: 0, afterHold: 'sleep' as const };
    expect(fallbackSetpoint({ ...base, policy, nowMs: 1, last })).toMatchObject({ miningMw: 0, aiMw: 2 });
  });
});

describe('breakevenPerMwh', () => {
  it('is the hashprice over the energy a TH/s uses in a day', () => {
    // $0.05/TH/day at 20 J/TH: 20 x 24 Wh = 0.00048 MWh -> $104.17/MWh.
    expect(breakevenPerMwh(0.05, 20)).toBeCloseTo(104.1667, 3);
  });
});
