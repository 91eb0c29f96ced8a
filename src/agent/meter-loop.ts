/**
 * Closed-loop site power (pure): where the site has a meter, the agent holds the power measured at
 * the point of interconnection at the setpoint's total (mining + AI MW), not only the power its
 * commands should reach. Facility loads the agent does not command (cooling, lighting, transformer
 * losses), miners drawing off their nameplate, GPU nodes off their limit: all show in the meter, and
 * the loop trims the mining target it dispatches (power targets first, then sleeping, as dispatch
 * does) by the error, integrating it poll after poll, until the meter reads within `tolerance` of the
 * setpoint; inside that band it holds the trim as it is.
 */
export interface MeterLoopState {
  /** W added to (negative: taken from) the setpoint's mining MW when dispatching. */
  readonly trimW: number;
}

export const METER_LOOP_START: MeterLoopState = Object.freeze({ trimW: 0 });

export interface MeterLoopInput {
  /** The setpoint's mining W. */
  readonly miningSetpointW: number;
  /** What the meter should read: the setpoint's mining + AI W. */
  readonly siteTargetW: number;
  /** What the meter reads now, W. */
  readonly measuredW: number;
  /** Share of the target the meter may be off and count as held (0.02: 2 %). */
  readonly tolerance: number;
  /** Share of the error corrected per poll (0 < gain <= 1). */
  readonly gain: number;
}

export interface MeterLoopStep {
  readonly state: MeterLoopState;
  /** The mining W to dispatch this poll. */
  readonly miningTargetW: number;
  /** Target minus measured, W (positive: the site draws less than it should). */
  readonly errorW: number;
  /** The meter reads within the tolerance of the target. */
  readonly held: boolean;
}

/** One poll of the loop: the mining W to dispatch and the new trim. */
export function meterLoopStep(state: MeterLoopState, input: MeterLoopInput): MeterLoopStep {
  const errorW = input.siteTargetW - input.measuredW;
  const held = Math.abs(errorW) <= input.tolerance * input.siteTargetW;
  // The trim can take the whole mining setpoint away, and add at most as much again.
  const trimW = held
    ? state.trimW
    : clamp(state.trimW + input.gain * errorW, -input.miningSetpointW, input.miningSetpointW);
  return {
    state: { trimW },
    miningTargetW: Math.max(0, input.miningSetpointW + trimW),
    errorW,
    held,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
