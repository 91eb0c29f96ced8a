import { beforeAll, describe, expect, it } from 'vitest';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { planSite } from '../../src/core/allocator/plan-site.ts';
import { handExample } from '../../src/core/allocator/testing/hand-example.ts';
import { SitePlanInputBuilder } from '../../src/core/allocator/testing/site-plan-input-builder.ts';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await HighsSolver.load();
});

describe('planSite with HiGHS', () => {
  it('finds the hand-solved optimum of the four-interval example', () => {
    const plan = planSite(handExample(), solver);
    expect(plan.plannedValueUsd).toBeCloseTo(1800, 4);
    expect(plan.decisions.map((d) => Math.round(d.miningMw))).toEqual([10, 0, 10, 0]);
    expect(plan.decisions.map((d) => Math.round(d.dischargeMw))).toEqual([0, 10, 0, 10]);
    expect(plan.decisions.map((d) => Math.round(d.socMwh))).toEqual([10, 0, 10, 0]);
  });

  it('explains the decision in words: miners against breakeven, battery charging for the peak', () => {
    const plan = planSite(handExample(), solver);
    expect(plan.explanation[0]).toMatch(
      /^s19 group running at full power \(10\.0 MW\): power \$20\/MWh below its breakeven/,
    );
    // Hour 1 (01:00 UTC = 20:00 CDT the day before) is the first discharge.
    expect(plan.explanation.join('\n')).toMatch(/battery charging 10\.0 MW for the 20:00 peak/);
  });

  it('puts miners to sleep when power is above breakeven and says by how much', () => {
    const input = new SitePlanInputBuilder([142]).withMiners('S19j Pro', 5, 61, 29.5).build();
    const plan = planSite(input, solver);
    expect(plan.decisions[0]!.miningMw).toBe(0);
    expect(plan.explanation[0]).toMatch(
      /^S19j Pro group asleep: power \$142\/MWh above its breakeven \$\d+\/MWh at hashprice \$50\/PH\/day/,
    );
  });

  it('sleeps the least efficient group first when import is limited', () => {
    const input = new SitePlanInputBuilder([30])
      .withMiners('efficient', 6, 90, 17)
      .withMiners('old', 6, 50, 30)
      .with({ importLimitMw: [8] })
      .build();
    const plan = planSite(input, solver);
    expect(plan.decisions[0]!.minerMw.efficient).toBeCloseTo(6, 6);
    expect(plan.decisions[0]!.minerMw.old).toBeCloseTo(2, 6);
  });

  it('serves committed GPU load first and interruptible GPUs while they pay more than mining', () => {
    const input = new SitePlanInputBuilder([40])
      .withMiners('s21', 10, 60)
      .withGpus({
        id: 'h100',
        count: 1000,
        committedGpus: [400],
        interruptibleGpus: [600],
        interruptibleUsdPerGpuHour: 1.5,
      })
      .with({ importLimitMw: [10] })
      .build();
    const plan = planSite(input, solver);
    const first = plan.decisions[0]!;
    expect(first.interruptibleGpus.h100).toBeCloseTo(600, 6);
    // GPUs draw 1000 x 70 W idle + 1000 x 630 W active = 0.7 MW; miners take the remaining 9.3 MW.
    expect(first.gpuMw).toBeCloseTo(0.7, 6);
    expect(first.miningMw).toBeCloseTo(9.3, 6);
  });

  it('runs a deadline batch job in the cheapest hours before its deadline', () => {
    const input = new SitePlanInputBuilder([90, 10, 80, 20])
      .withGpus({ id: 'h100', count: 100 })
      .with({
        batchJobs: [
          {
            id: 'train',
            gpuGroupId: 'h100',
            gpuHours: 200,
            deadlineInterval: 4,
            maxGpus: 100,
            usdPerGpuHour: 0,
          },
        ],
      })
      .build();
    const plan = planSite(input, solver);
    expect(plan.decisions.map((d) => Math.round(d.batchGpus.train ?? 0))).toEqual([0, 100, 0, 100]);
  });

  it('holds a demand-response cap', () => {
    const input = new SitePlanInputBuilder([30, 30])
      .withMiners('s21', 20, 60)
      .with({ importLimitMw: [100, 5], demandResponse: [undefined, 'ercot-eea'] })
      .build();
    const plan = planSite(input, solver);
    expect(plan.decisions[1]!.importMw).toBeLessThanOrEqual(5 + 1e-9);
    expect(plan.decisions[1]!.miningMw).toBeCloseTo(5, 6);
  });

  it('relaxes an impossible ramp limit rather than failing the loop, and says so', () => {
    const input = new SitePlanInputBuilder([30, 30])
      .withMiners('s21', 20, 60)
      .with({ importLimitMw: [0, 0], rampMwPerInterval: 1, currentMiningMw: 20 })
      .build();
    const plan = planSite(input, solver);
    expect(plan.decisions[0]!.miningMw).toBe(0);
    expect(plan.explanation.join('\n')).toMatch(/ramp limit relaxed/);
  });
});
