/**
 * What the emulated machine is doing:
 * - `hashing`: boards run.
 * - `stopping`: told to sleep; the boards still hash until the sleep delay has passed.
 * - `sleeping`: boards off, control board answering.
 * - `starting`: told to wake (or restarting its mining process); boards initialising, no hashrate yet.
 */
export type MinerPhase = 'hashing' | 'stopping' | 'sleeping' | 'starting';

export interface BoardFault {
  /** 0-based board. */
  readonly board: number;
  /** When the board failed, ms since the epoch (emulator clock). */
  readonly atMs: number;
}

export interface BoardSnapshot {
  readonly index: number;
  /** TH/s over the last few seconds (with measurement noise). */
  readonly hashrateThs: number;
  /** TH/s since the mining process started. */
  readonly avgHashrateThs: number;
  /** TH/s the board should make at the current power target. */
  readonly nominalHashrateThs: number;
  /** deg C, PCB. */
  readonly boardTempC: number;
  /** deg C, hottest chip. */
  readonly chipTempC: number;
  /** Chips the board has. */
  readonly chips: number;
  readonly faulted: boolean;
}

/** Everything a firmware reports, at one instant. Dialect servers render their replies from this. */
export interface MinerSnapshot {
  readonly nowMs: number;
  readonly model: string;
  readonly phase: MinerPhase;
  /** The firmware has been told to sleep (and not woken since): what curtail flags report. */
  readonly curtailed: boolean;
  /** TH/s over the last few seconds (with measurement noise). */
  readonly hashrateThs: number;
  /** TH/s since the mining process started. */
  readonly avgHashrateThs: number;
  /** TH/s all boards should make at the power target in force. */
  readonly nominalHashrateThs: number;
  /** TH/s at the nameplate. */
  readonly nameplateHashrateThs: number;
  /** W at the wall (with measurement noise). */
  readonly powerW: number;
  /** W the firmware is told to hold (reported at once; the boards follow after the retune delay). */
  readonly powerTargetW: number;
  /** W the boards run at now. */
  readonly appliedPowerTargetW: number;
  readonly nameplatePowerW: number;
  readonly powerRangeW: { readonly minW: number; readonly maxW: number };
  readonly boards: readonly BoardSnapshot[];
  readonly fansRpm: readonly number[];
  /** 0-1 of full fan speed. */
  readonly fanDuty: number;
  readonly ambientC: number;
  /** s since the mining process started. */
  readonly uptimeS: number;
  readonly acceptedShares: number;
  readonly rejectedShares: number;
  readonly faults: readonly BoardFault[];
}
