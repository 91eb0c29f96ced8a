import { describe, expect, it } from 'vitest';
import { AllocatorError } from '../errors/index.ts';
import { buildSiteLp } from './build-site-lp.ts';
import { maxViolation, objectiveValue } from './linear-program.ts';
import { handExample } from './testing/hand-example.ts';
import { SitePlanInputBuilder } from './testing/site-plan-input-builder.ts';

describe('buildSiteLp', () => {
  it('writes the hand-solved optimum as a feasible point worth $1,800', () => {
    const { lp, layout } = buildSiteLp(handExample());
    const values = new Float64Array(lp.variables.length);
    const set = (index: number, value: number) => {
      values[index] = value;
    };
    const mining = [10, 0, 10, 0];
    const charge = [10, 0, 10, 0];
    const discharge = [0, 10, 0, 10];
    const soc = [10, 0, 10, 0];
    const imports = [20, 0, 20, 0];
    const exports = [0, 10, 0, 10];
    for (let t = 0; t < 4; t++) {
      set(layout.miner[0]![0]![t]!, mining[t]!);
      set(layout.charge[t]!, charge[t]!);
      set(layout.discharge[t]!, discharge[t]!);
      set(layout.soc[t]!, soc[t]!);
      set(layout.gridImport[t]!, imports[t]!);
      set(layout.gridExport[t]!, exports[t]!);
    }
    expect(maxViolation(lp, values)).toBeLessThan(1e-9);
    expect(objectiveValue(lp, values)).toBeCloseTo(1800, 6);
  });

  it('rejects an export that the site did not generate (no grid arbitrage through the meter)', () => {
    const { lp, layout } = buildSiteLp(handExample());
    const values = new Float64Array(lp.variables.length);
    values[layout.gridImport[1]!] = 10;
    values[layout.gridExport[1]!] = 10;
    expect(maxViolation(lp, values)).toBeGreaterThan(1);
  });

  it('has one energy balance and one state-of-charge row per interval', () => {
    const { lp } = buildSiteLp(handExample());
    const names = lp.constraints.map((c) => c.name);
    expect(names.filter((n) => n.startsWith('balance_'))).toHaveLength(4);
    expect(names.filter((n) => n.startsWith('soc_'))).toHaveLength(4);
    expect(names).toContain('socEnd');
  });

  it('names the site and the constraint when committed GPU load cannot be served', () => {
    const input = new SitePlanInputBuilder([30, 30])
      .withGpus({ id: 'h100', count: 10_000, committedGpus: [10_000, 10_000] })
      .with({ importLimitMw: [100, 2], demandResponse: [undefined, 'ercot-eea-1'] })
      .build();
    expect(() => buildSiteLp(input)).toThrowError(AllocatorError);
    try {
      buildSiteLp(input);
    } catch (error) {
      const e = error as AllocatorError;
      expect(e.code).toBe('SY_ERR_ALLOCATOR_INFEASIBLE');
      expect(e.message).toMatch(/site test-site/);
      expect(e.message).toMatch(/committed GPU load 7\.00 MW exceeds the 2\.00 MW/);
      expect(e.message).toMatch(/energy balance/);
      expect(e.message).toMatch(/demand-response event ercot-eea-1/);
    }
  });

  it('names the field holding a missing forecast value', () => {
    const input = new SitePlanInputBuilder([30, Number.NaN]).withMiners('s19', 1, 50).build();
    expect(() => buildSiteLp(input)).toThrow(/importPriceUsdPerMwh\[1\] is NaN/);
  });

  it('rejects a batch job that cannot fit before its deadline', () => {
    const input = new SitePlanInputBuilder([30, 30, 30])
      .withGpus({ id: 'h100', count: 8 })
      .with({
        batchJobs: [
          {
            id: 'train-1',
            gpuGroupId: 'h100',
            gpuHours: 100,
            deadlineInterval: 2,
            maxGpus: 8,
            usdPerGpuHour: 2,
          },
        ],
      })
      .build();
    expect(() => buildSiteLp(input)).toThrow(/batch job train-1 needs 100 GPU-hours but at most 16\.0 fit/);
  });
});
