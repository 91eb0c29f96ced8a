import { beforeAll, describe, expect, it } from 'vitest';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { planSite } from '../../src/core/allocator/plan-site.ts';
import {
  GRID_HAND_OPTIMUM_USD,
  gridHandExample,
} from '../../src/core/allocator/testing/grid-hand-example.ts';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await HighsSolver.load();
});

describe('planSite with grid products (HiGHS)', () => {
  it('finds the hand optimum of the RRS + 4CP example: $616, mining [10, 8, 10, 8], RRS 8 MW', () => {
    const plan = planSite(gridHandExample(), solver);
    expect(plan.plannedValueUsd).toBeCloseTo(GRID_HAND_OPTIMUM_USD, 4);
    expect(plan.decisions.map((d) => Math.round(d.miningMw * 1000) / 1000)).toEqual([10, 8, 10, 8]);
    expect(plan.decisions.map((d) => d.ancillaryMw!.rrs)).toEqual([8, 8, 8, 8]);
    expect(plan.explanation).toContain(
      'RRS 8.0 MW held at $10.00/MW-h: that much load stays curtailable this interval',
    );
  });

  it('drops the RRS and mining in the 4CP hour once the peak is near certain', () => {
    const input = gridHandExample();
    const plan = planSite(
      { ...input, gridProducts: { ...input.gridProducts!, fourCpProbability: [0, 0, 0, 0.5] } },
      solver,
    );
    expect(plan.decisions[3]!.miningMw).toBe(0);
    expect(plan.decisions[3]!.ancillaryMw!.rrs).toBe(0);
    expect(plan.plannedValueUsd).toBeCloseTo(280 + 80 + 240, 4);
  });
});
