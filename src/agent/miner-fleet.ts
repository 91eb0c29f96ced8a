import type { ControlResult, MinerCapabilities, MinerReading } from '../adapters/miners/index.ts';

/** A miner model's nameplate figures, as the agent plans with them. */
export interface Nameplate {
  /** TH/s at nameplate. */
  readonly hashrateThs: number;
  /** W at the wall at nameplate. */
  readonly powerW: number;
}

/** One successful look at a miner: what it reports, what it can be told to do, its nameplate. */
export interface MinerObservation {
  readonly reading: MinerReading;
  readonly capabilities: MinerCapabilities;
  /** From the model table (or the firmware's nominal figures); null when neither gives one. */
  readonly nameplate: Nameplate | null;
}

/**
 * The site's miners as the agent sees them: stable ids, a read, and the three control commands.
 * Implementations: ClientMinerFleet (over the vendor MinerClients) and FakeMinerFleet (tests).
 *
 * `observe` throws when the miner cannot be read (unreachable, garbled, refused); the commands
 * resolve with a ControlResult whose `applied` says whether a read-back showed the change, and
 * throw when nothing could be sent (unsupported, out of range, unreachable).
 */
export interface MinerFleet {
  /** The miners this agent drives, in a stable order. */
  ids(): readonly string[];
  observe(minerId: string): Promise<MinerObservation>;
  sleep(minerId: string): Promise<ControlResult>;
  /**
   * The emergency path's sleep: sends it and reads the miner back once, at once, without waiting
   * for a slow miner to show it (`applied` says whether that one read did); the caller reads back
   * later itself (emergency-curtailment.ts), so no slot is held while miners take their time.
   */
  sleepNow(minerId: string): Promise<ControlResult>;
  wake(minerId: string): Promise<ControlResult>;
  /** @param watts W at the wall. */
  setPowerTarget(minerId: string, watts: number): Promise<ControlResult>;
}
