import { stableFraction } from '../seeded-random.ts';
import type { BoardFault } from './miner-snapshot.ts';

const MAX_FAULT_LOG = 8;

/**
 * The hash boards of one emulated miner: per board the TH hashed since the mining process started,
 * the PCB and chip temperatures, a fixed speed skew, and whether it has failed (with a log of the
 * last 8 failures). Plain state; the physics that moves it lives in `miner-physics.ts`.
 */
export class MinerBoards {
  readonly count: number;
  private faultMask = 0;
  private faultLog: BoardFault[] | null = null;
  /** Per board: [TH hashed since start | board deg C | chip deg C | speed skew], `count` entries each. */
  private readonly data: Float64Array;

  /** Skews are drawn from `seed` (stable per board) and normalised to average 1. */
  constructor(count: number, seed: number) {
    this.count = count;
    this.data = new Float64Array(count * 4);
    let skewSum = 0;
    for (let b = 0; b < count; b += 1) {
      const skew = 1 + 0.05 * (stableFraction(seed, b) - 0.5);
      this.data[3 * count + b] = skew;
      skewSum += skew;
    }
    for (let b = 0; b < count; b += 1) this.data[3 * count + b] = this.skew(b) * (count / skewSum);
  }

  skew(board: number): number {
    return this.data[3 * this.count + board]!;
  }

  /** TH hashed since the mining process started. */
  hashesTh(board: number): number {
    return this.data[board]!;
  }

  boardTempC(board: number): number {
    return this.data[this.count + board]!;
  }

  chipTempC(board: number): number {
    return this.data[2 * this.count + board]!;
  }

  setHashesTh(board: number, th: number): void {
    this.data[board] = th;
  }

  setTemps(board: number, boardC: number, chipC: number): void {
    this.data[this.count + board] = boardC;
    this.data[2 * this.count + board] = chipC;
  }

  /** Zeroes every board's hash count (the mining process restarted). */
  resetHashes(): void {
    for (let b = 0; b < this.count; b += 1) this.data[b] = 0;
  }

  isFaulted(board: number): boolean {
    return (this.faultMask & (1 << board)) !== 0;
  }

  /** Boards that have not failed. */
  liveCount(): number {
    let live = 0;
    for (let b = 0; b < this.count; b += 1) if (!this.isFaulted(b)) live += 1;
    return live;
  }

  /** Indices of the boards that have not failed, ascending. */
  liveIndices(): number[] {
    const live: number[] = [];
    for (let b = 0; b < this.count; b += 1) if (!this.isFaulted(b)) live.push(b);
    return live;
  }

  /** Marks `board` failed at `atMs` and logs it; nothing when it already is. */
  markFaulted(board: number, atMs: number): void {
    if (this.isFaulted(board)) return;
    this.faultMask |= 1 << board;
    this.faultLog ??= [];
    this.faultLog.push({ board, atMs });
    if (this.faultLog.length > MAX_FAULT_LOG) this.faultLog.shift();
  }

  /** Revives every board (the fault log stays). */
  repairAll(): void {
    this.faultMask = 0;
  }

  /** The logged failures, oldest first (a copy). */
  faults(): BoardFault[] {
    return this.faultLog ? [...this.faultLog] : [];
  }
}
