import { hashSeed, SeededRandom } from '../../seeded-random.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';

/** A JSON object as a reply body. */
export type JsonObject = Record<string, unknown>;

/** Rounds to `digits` decimals, as firmware prints its floats. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** s since the epoch, as cgminer's `When`. */
export function epochS(ms: number): number {
  return Math.floor(ms / 1000);
}

/** `2024-06-15 10:30:00` (UTC), as btminer prints error times. */
export function btminerTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `2026-04-08T03:38:27+00:00`, as LuxOS prints event times. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** A stable identifier of one miner (serial numbers, MACs): the same seed gives the same text. */
export function stableText(seed: number, salt: string, length: number, alphabet?: string): string {
  return new SeededRandom(hashSeed(seed, salt)).text(length, alphabet);
}

const HEX = '0123456789abcdef';

/** `02:55:97:22:3a:72`-style MAC from the seed (locally administered). */
export function stableMac(seed: number, upper = false): string {
  const hex = `02${stableText(seed, 'mac', 10, HEX)}`;
  const mac = hex.match(/../g)!.join(':');
  return upper ? mac.toUpperCase() : mac;
}

/** Configured pools of every emulated miner: one active, two standbys. */
export interface EmulatedPool {
  readonly url: string;
  readonly user: string;
  readonly active: boolean;
  readonly accepted: number;
  readonly rejected: number;
}

export function emulatedPools(seed: number, snapshot: MinerSnapshot): EmulatedPool[] {
  const user = `switchyard.sim${stableText(seed, 'worker', 6, HEX)}`;
  return [
    {
      url: 'stratum+tcp://pool.sim.invalid:3333',
      user,
      active: true,
      accepted: snapshot.acceptedShares,
      rejected: snapshot.rejectedShares,
    },
    { url: 'stratum+tcp://pool-b.sim.invalid:3333', user, active: false, accepted: 0, rejected: 0 },
    { url: 'stratum+tcp://pool-c.sim.invalid:443', user, active: false, accepted: 0, rejected: 0 },
  ];
}

/** Whether the boards make hashes now (hashing, or still stopping). */
export function isRunning(snapshot: MinerSnapshot): boolean {
  return snapshot.phase === 'hashing' || snapshot.phase === 'stopping';
}

/** The latest fault of each board that is faulted now. */
export function activeFaults(snapshot: MinerSnapshot): { board: number; atMs: number }[] {
  const latest = new Map<number, number>();
  for (const fault of snapshot.faults) {
    if (snapshot.boards[fault.board]?.faulted) latest.set(fault.board, fault.atMs);
  }
  for (const board of snapshot.boards) {
    if (board.faulted && !latest.has(board.index)) latest.set(board.index, snapshot.nowMs);
  }
  return [...latest].map(([board, atMs]) => ({ board, atMs })).sort((a, b) => a.board - b.board);
}
