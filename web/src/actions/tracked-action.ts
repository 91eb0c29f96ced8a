import type { Baseline } from './baseline.ts';

/** An operator action whose setpoints are followed until every site acks them. */
export interface TrackedAction {
  readonly id: string;
  /** What was done, in words ("Curtail tx-west-1"). */
  readonly label: string;
  readonly siteIds: readonly string[];
  readonly baseline: Baseline;
  /** The setpoint that honours the action is curtailed (true), not (false), or either (null). */
  readonly wantCurtailed: boolean | null;
}
