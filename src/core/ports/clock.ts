/** Time as the control loop sees it: wall time in production, an accelerated replay in the demo and tests. */
export interface Clock {
  nowMs(): number;
}
