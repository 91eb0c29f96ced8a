import { describe, expect, it } from 'vitest';
import { buildSiteLp } from './build-site-lp.ts';
import { maxViolation, objectiveValue } from './linear-program.ts';
import { GRID_HAND_OPTIMUM_USD, gridHandExample } from './testing/grid-hand-example.ts';
import { SitePlanInputBuilder } from './testing/site-plan-input-builder.ts';

function point(lp: ReturnType<typeof buildSiteLp>['lp']) {
  return new Float64Array(lp.variables.length);
}

describe('site LP with grid products', () => {
  it('values the hand-solved plan of the RRS + 4CP example at $616', () => {
    const { lp, layout } = buildSiteLp(gridHandExample());
    const values = point(lp);
    const mining = [10, 8, 10, 8];
    for (let t = 0; t < 4; t++) {
      values[layout.miner[0]![0]![t]!] = mining[t]!;
      values[layout.gridImport[t]!] = mining[t]!;
      values[layout.gridProducts!.ancillary[0]![t]!] = 8;
    }
    values[layout.gridProducts!.fourCpImport[3]!] = 8;
    expect(maxViolation(lp, values)).toBeLessThan(1e-9);
    expect(objectiveValue(lp, values)).toBeCloseTo(GRID_HAND_OPTIMUM_USD, 6);
  });

  it('rejects an RRS award larger than the mining load running in its interval', () => {
    const { lp, layout } = buildSiteLp(gridHandExample());
    const values = point(lp);
    values[layout.miner[0]![0]![1]!] = 5;
    values[layout.gridImport[1]!] = 5;
    values[layout.gridProducts!.ancillary[0]![1]!] = 8;
    expect(maxViolation(lp, values)).toBeCloseTo(3, 9);
    expect(lp.constraints.filter((c) => c.name.startsWith('curtailable_'))).toHaveLength(4);
  });

  it('never counts committed GPU load as curtailable', () => {
    const input = new SitePlanInputBuilder([30])
      .withGpus({ id: 'h100', count: 10_000, committedGpus: [10_000] })
      .with({
        gridProducts: {
          ancillary: [{ service: 'ecrs', maxMw: 5, reducesLoad: true, priceUsdPerMwHour: [50] }],
        },
      })
      .build();
    const { lp, layout } = buildSiteLp(input);
    const values = point(lp);
    values[layout.gridImport[0]!] = 7; // 10,000 x 700 W committed
    values[layout.gridProducts!.ancillary[0]![0]!] = 1;
    expect(maxViolation(lp, values)).toBeCloseTo(1, 9);
  });

  it('prices the fixed block: unused MW sell back at the market price, the fixed price is owed whatever', () => {
    // Block 6 MW at $25; market $30 then $100; 4 MW of miners at $50/MWh.
    const input = new SitePlanInputBuilder([30, 100])
      .withMiners('s21', 4, 50)
      .with({ gridProducts: { block: { blockMw: 6, priceUsdPerMwh: 25 }, ancillary: [] } })
      .build();
    const { lp, layout } = buildSiteLp(input);
    const values = point(lp);
    // Hour 0: mine 4 from the block, sell back 2 at $30. Hour 1: sleep, sell back 6 at $100.
    values[layout.miner[0]![0]![0]!] = 4;
    values[layout.gridProducts!.blockUsed[0]!] = 4;
    expect(maxViolation(lp, values)).toBeLessThan(1e-9);
    // mining 200 - block 2 x 6 x 25 + sell-back 2 x 30 + 6 x 100 = 200 - 300 + 60 + 600 = 560
    expect(objectiveValue(lp, values)).toBeCloseTo(560, 6);
  });

  it('lets the battery carry capacity only within its discharge headroom and stored energy', () => {
    const input = new SitePlanInputBuilder([30])
      .withBattery({ capacityMwh: 4, socMwh: 4 })
      .with({
        gridProducts: {
          ancillary: [{ service: 'rrs', maxMw: 10, reducesLoad: true, priceUsdPerMwHour: [20] }],
        },
      })
      .build();
    const { lp, layout } = buildSiteLp(input);
    const values = point(lp);
    values[layout.soc[0]!] = 4;
    values[layout.gridProducts!.batteryCarry[0]!] = 4;
    values[layout.gridProducts!.ancillary[0]![0]!] = 4;
    expect(maxViolation(lp, values)).toBeLessThan(1e-9);
    expect(objectiveValue(lp, values)).toBeCloseTo(80, 6);
    values[layout.gridProducts!.ancillary[0]![0]!] = 5;
    expect(maxViolation(lp, values)).toBeCloseTo(1, 9);
  });
});
