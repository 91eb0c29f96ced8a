import { describe, expect, it } from 'vitest';
import { METER_LOOP_START, meterLoopStep } from './meter-loop.ts';

const base = { miningSetpointW: 100_000, siteTargetW: 120_000, tolerance: 0.02, gain: 1 };

describe('meterLoopStep (closed-loop site power)', () => {
  it('trims the mining target by what the meter shows over the setpoint, tick by tick', () => {
    // Tick 1: the site draws 6 kW of facility load on top: 126 kW against 120 kW.
    const first = meterLoopStep(METER_LOOP_START, { ...base, measuredW: 126_000 });
    expect(first).toMatchObject({ errorW: -6_000, held: false, miningTargetW: 94_000 });
    // Tick 2: dispatch got 3 kW of it (coarse steps): 123 kW.
    const second = meterLoopStep(first.state, { ...base, measuredW: 123_000 });
    expect(second).toMatchObject({ errorW: -3_000, held: false, miningTargetW: 91_000 });
    // Tick 3: 121 kW, within 2 % (2.4 kW): held, the trim kept.
    const third = meterLoopStep(second.state, { ...base, measuredW: 121_000 });
    expect(third).toMatchObject({ held: true, miningTargetW: 91_000 });
  });

  it('raises mining when the site draws less than its setpoint, at most doubling it', () => {
    const step = meterLoopStep(METER_LOOP_START, { ...base, measuredW: 0 });
    expect(step.miningTargetW).toBe(200_000);
  });

  it('never dispatches below zero however far over the meter reads', () => {
    const step = meterLoopStep({ trimW: -90_000 }, { ...base, measuredW: 400_000 });
    expect(step.miningTargetW).toBe(0);
    expect(step.state.trimW).toBe(-100_000);
  });

  it('corrects a share of the error with a gain below 1', () => {
    const step = meterLoopStep(METER_LOOP_START, { ...base, gain: 0.5, measuredW: 130_000 });
    expect(step.miningTargetW).toBe(95_000);
  });
});
