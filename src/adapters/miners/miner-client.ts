import type { MinerDialect, MinerReading } from './miner-reading.ts';

/** What a miner can be told to do, for its model and firmware. */
export interface MinerCapabilities {
  readonly canSleep: boolean;
  readonly canSetPowerTarget: boolean;
  /** W; `null` when the firmware and the model table give no lower bound (the firmware then decides). */
  readonly minPowerW: number | null;
  /** W; `null` when unknown. */
  readonly maxPowerW: number | null;
  /** Where the range comes from, e.g. `LuxOS profiles`, `Braiins constraints`, `nameplate of Whatsminer M50S`. */
  readonly powerRangeSource: string | null;
  /** Why `canSleep` / `canSetPowerTarget` is false, for people. */
  readonly notes: readonly string[];
}

/** Result of a control command: `applied` only when a read-back shows the change took effect. */
export interface ControlResult {
  readonly applied: boolean;
  readonly detail: string;
  /** The last read-back, or `null` when none succeeded. */
  readonly reading: MinerReading | null;
}

/**
 * A client for one miner. Every control command checks the capability first and throws
 * `UnsupportedCommandError` / `PowerTargetOutOfRangeError` before sending anything; it then sends the
 * command, reads the miner back until the change shows (or the verify budget runs out) and returns
 * `{ applied, detail }`. A refusal by the miner throws `MinerCommandRefusedError`. No command touches
 * pools or any setting it was not asked to change.
 */
export interface MinerClient {
  readonly dialect: MinerDialect;
  /** `host:port` of the API the client talks to. */
  readonly endpoint: string;
  read(): Promise<MinerReading>;
  capabilities(): Promise<MinerCapabilities>;
  sleep(): Promise<ControlResult>;
  wake(): Promise<ControlResult>;
  /** @param watts W at the wall the firmware should hold. */
  setPowerTarget(watts: number): Promise<ControlResult>;
}
