import { describe, expect, it } from 'vitest';
import { type MinerUnit, planCurtailAll, planDispatch, staggerCommands } from './dispatch.ts';

function miners(
  groupId: string,
  count: number,
  spec: Partial<MinerUnit> & Pick<MinerUnit, 'nameplateW' | 'nameplateThs'>,
): MinerUnit[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${groupId}-${i}`,
    groupId,
    underclockEfficiencyExponent: 0.3,
    hashing: true,
    available: true,
    ...spec,
  }));
}

describe('planDispatch', () => {
  const s19 = miners('s19jpro', 4, { nameplateW: 3068, nameplateThs: 104 }); // 29.5 J/TH
  const s21 = miners('s21', 4, { nameplateW: 3500, nameplateThs: 200 }); // 17.5 J/TH

  it('sleeps the least efficient machines first', () => {
    const plan = planDispatch([...s19, ...s21], 4 * 3500 + 2 * 3068);
    const sleeping = plan.commands.filter((c) => c.action === 'sleep').map((c) => c.minerId);
    expect(sleeping).toEqual(['s19jpro-2', 's19jpro-3']);
    expect(plan.expectedW).toBe(4 * 3500 + 2 * 3068);
  });

  it('never plans more power than the setpoint', () => {
    for (const target of [0, 1000, 5000, 13_999, 20_000, 100_000]) {
      expect(planDispatch([...s19, ...s21], target).expectedW).toBeLessThanOrEqual(target);
    }
  });

  it('holds machines at their minimum power target before sleeping any, where the firmware allows', () => {
    const targetable = miners('s21-braiins', 4, {
      nameplateW: 3500,
      nameplateThs: 200,
      powerTargetW: { minW: 2500, maxW: 3500 },
    });
    // 4 x 2500 W = 10 kW fits: all four at 2500 W (best J/TH) rather than three at nameplate.
    const plan = planDispatch(targetable, 10_000);
    expect(plan.commands.filter((c) => c.action === 'sleep')).toEqual([]);
    expect(
      plan.commands.filter((c) => c.action === 'set-power-target').map((c) => (c as { watts: number }).watts),
    ).toEqual([2500, 2500, 2500, 2500]);
    expect(plan.expectedThs).toBeGreaterThan(3 * 200);
    // Between min and max every machine runs at target / n.
    const spread = planDispatch(targetable, 12_000);
    expect(spread.commands.every((c) => c.action === 'set-power-target' && c.watts === 3000)).toBe(true);
    // Below n x min, some sleep and the rest sit at the minimum.
    const few = planDispatch(targetable, 5_200);
    expect(few.commands.filter((c) => c.action === 'sleep')).toHaveLength(2);
  });

  it('wakes sleeping machines when the setpoint rises and leaves faulted ones alone', () => {
    const fleet = [
      ...miners('s21', 2, { nameplateW: 3500, nameplateThs: 200, hashing: false }),
      { ...miners('s21', 1, { nameplateW: 3500, nameplateThs: 200 })[0]!, id: 'broken', available: false },
    ];
    const plan = planDispatch(fleet, 7000);
    expect(plan.commands).toEqual([
      { minerId: 's21-0', action: 'wake' },
      { minerId: 's21-1', action: 'wake' },
    ]);
  });

  it('curtails every hashing miner at once', () => {
    expect(planCurtailAll(s21)).toHaveLength(4);
  });
});

describe('staggerCommands', () => {
  it('sends all sleeps in the first wave and wakes in small waves', () => {
    const waves = staggerCommands(
      [
        { minerId: 'a', action: 'wake' },
        { minerId: 'b', action: 'sleep' },
        { minerId: 'c', action: 'wake' },
        { minerId: 'd', action: 'wake' },
      ],
      2,
    );
    expect(waves.map((w) => w.map((c) => c.minerId))).toEqual([['b'], ['a', 'c'], ['d']]);
  });
});
