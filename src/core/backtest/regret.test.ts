import { describe, expect, it } from 'vitest';
import { emptyTrace, PLANNED, RAMP_CUT, type StrategyTrace, siteRegret } from './regret.ts';

function trace(net: number[], battery: number[], flags: number[]): StrategyTrace {
  const t = emptyTrace(net.length);
  t.netUsd.set(net);
  t.batteryUsd.set(battery);
  t.flags.set(flags);
  return t;
}

describe('siteRegret', () => {
  // Four intervals over two months; interval 1 is a spike, interval 3 lies between two plans.
  const months = ['2024-01', '2024-01', '2024-02', '2024-02'];
  const spikes = new Uint8Array([0, 1, 0, 0]);
  const traces = new Map<string, StrategyTrace>([
    ['breakeven', trace([10, -50, 10, 10], [0, 0, 0, 0], [PLANNED, PLANNED, PLANNED, PLANNED])],
    ['lp', trace([12, -20, 8, 10], [1, 5, 0, 0], [PLANNED, PLANNED, PLANNED | RAMP_CUT, 0])],
    ['perfect-foresight', trace([15, 0, 12, 14], [2, 30, 0, 1], [PLANNED, PLANNED, PLANNED, PLANNED])],
  ]);
  const rows = siteRegret('s', months, spikes, traces);
  const row = (month: string, strategy: string) =>
    rows.find((r) => r.month === month && r.strategy === strategy)!;

  it('gives each strategy its share of the breakeven-to-perfect gap per month and overall', () => {
    // January: rule -40, perfect 15, lp -8 -> (32) / (55).
    expect(row('2024-01', 'lp').gapClosed).toBeCloseTo(32 / 55, 12);
    // February: rule 20, perfect 26, lp 18 -> below the rule.
    expect(row('2024-02', 'lp').gapClosed).toBeCloseTo(-2 / 6, 12);
    expect(row('all', 'lp').gapClosed).toBeCloseTo(30 / 61, 12);
    expect(row('all', 'breakeven').gapClosed).toBe(0);
    expect(row('all', 'perfect-foresight').gapClosed).toBe(1);
  });

  it('splits what was lost into battery timing, spikes, ramp limits, re-plan cadence and the rest', () => {
    const jan = row('2024-01', 'lp').lost;
    // Interval 0: 3 lost, 1 of it battery, 2 other. Interval 1 (spike): 20 lost, 25 battery, -5 spike.
    expect(jan.batteryTimingUsd).toBeCloseTo(26, 12);
    expect(jan.spikeForecastUsd).toBeCloseTo(-5, 12);
    expect(jan.otherUsd).toBeCloseTo(2, 12);
    const feb = row('2024-02', 'lp').lost;
    expect(feb.rampLimitUsd).toBeCloseTo(4, 12);
    expect(feb.batteryTimingUsd).toBeCloseTo(1, 12);
    expect(feb.replanCadenceUsd).toBeCloseTo(3, 12);
    const all = row('all', 'lp');
    const lost = Object.values(all.lost).reduce((a, b) => a + b, 0);
    expect(lost).toBeCloseTo(all.perfectUsd - all.usdEarned, 12);
  });

  it('is empty unless both reference strategies ran', () => {
    expect(siteRegret('s', months, spikes, new Map([['lp', traces.get('lp')!]]))).toEqual([]);
  });
});
