import type { SeededRandom } from '../seeded-random.ts';
import { stableFraction } from '../seeded-random.ts';
import type { MinerBoards } from './miner-boards.ts';
import type { MinerConfig } from './miner-config.ts';
import type { MinerPhase } from './miner-snapshot.ts';

/**
 * The emulated miner's physics: the power/hashrate curve, the thermal model, the wall power, the fans
 * and random board faults, and the step that moves the boards forward in time. No state of its own:
 * `EmulatedMiner` passes its boards and operating point in.
 */

/** Hashes (TH) per accepted share at share difficulty 65536: 65536 x 2^32 / 1e12. */
export const TH_PER_SHARE = (65_536 * 2 ** 32) / 1e12;
/** Share of the power that the control board, fans and PSU losses take while hashing. */
const OVERHEAD_SHARE = 0.04;
const MS_PER_HOUR = 3_600_000;

/** What the physics reads of the firmware's state. */
export interface OperatingPoint {
  readonly phase: MinerPhase;
  /** W target the boards run at (a new target applies after the retune delay). */
  readonly appliedW: number;
  readonly ambientC: number;
}

/** Whether the boards hash in `phase` (a sleep command lets them run until the sleep delay is over). */
function isRunning(phase: MinerPhase): boolean {
  return phase === 'hashing' || phase === 'stopping';
}

/** TH/s one board makes at `appliedW` when it runs: hashrate = H x (p / P)^(1 - a), times its skew. */
export function nominalBoardThs(config: MinerConfig, appliedW: number, skew: number): number {
  const { hashrateThs, powerW, efficiencyExponent } = config.spec;
  return (hashrateThs / config.boards) * (appliedW / powerW) ** (1 - efficiencyExponent) * skew;
}

/** 0-1+: the board's power relative to its share of the nameplate. */
function boardLoad(
  phase: MinerPhase,
  faulted: boolean,
  appliedW: number,
  nameplateW: number,
  skew: number,
): number {
  if (faulted) return 0;
  if (isRunning(phase)) return (appliedW / nameplateW) * skew;
  return phase === 'starting' ? 0.1 : 0;
}

/** deg C the PCB settles at under `load`. */
function boardTempTarget(ambientC: number, load: number): number {
  return ambientC + 3 + 32 * load;
}

/** deg C the hottest chip settles at under `load`. */
function chipTempTarget(ambientC: number, load: number): number {
  return ambientC + 3 + 50 * load;
}

/** Share of the gap to the steady-state temperature that is still left after `dtMs` (first-order lag). */
function thermalKeep(config: MinerConfig, dtMs: number): number {
  const tauMs = config.thermalTimeConstantS * 1000 * config.timeScale;
  return tauMs > 0 ? Math.exp(-dtMs / tauMs) : 0;
}

/** Chance that a board fails within `dtMs` of hashing (Poisson at `boardFaultsPerHour`). */
function faultChance(faultsPerHour: number, dtMs: number): number {
  return 1 - Math.exp((-faultsPerHour * dtMs) / MS_PER_HOUR);
}

/**
 * W at the wall: `sleepPowerW` asleep, a little more while starting, and while running the target in
 * force less the share of faulted boards, with measurement noise (one draw from `random`).
 */
export function wallPowerW(
  config: MinerConfig,
  phase: MinerPhase,
  appliedW: number,
  liveBoards: number,
  random: SeededRandom,
): number {
  const { sleepPowerW, boards } = config;
  switch (phase) {
    case 'sleeping':
      return sleepPowerW;
    case 'starting':
      return sleepPowerW + 0.05 * appliedW;
    default: {
      const share = OVERHEAD_SHARE + ((1 - OVERHEAD_SHARE) * liveBoards) / boards;
      return Math.max(sleepPowerW, appliedW * share * (1 + 0.004 * (2 * random.next() - 1)));
    }
  }
}

/** 0.2-1: fan duty that follows the hottest chip. */
export function fanDuty(hottestChipC: number): number {
  return Math.min(1, Math.max(0.2, (hottestChipC - 30) / 50));
}

/** RPM of each fan at `duty`, each with a fixed per-fan skew, rounded to 10 RPM. */
export function fanSpeedsRpm(config: MinerConfig, seed: number, duty: number): number[] {
  const fansRpm: number[] = [];
  for (let f = 0; f < config.fans; f += 1) {
    const skew = 1 + 0.06 * (stableFraction(seed, 100 + f) - 0.5);
    fansRpm.push(Math.round((config.maxFanRpm * duty * skew) / 10) * 10);
  }
  return fansRpm;
}

/** TH/s `board` makes now: its nominal rate when the boards run and it has not failed, else 0. */
export function boardRateThs(
  config: MinerConfig,
  boards: MinerBoards,
  op: OperatingPoint,
  board: number,
): number {
  return isRunning(op.phase) && !boards.isFaulted(board)
    ? nominalBoardThs(config, op.appliedW, boards.skew(board))
    : 0;
}

function loadOf(config: MinerConfig, boards: MinerBoards, op: OperatingPoint, board: number): number {
  return boardLoad(op.phase, boards.isFaulted(board), op.appliedW, config.spec.powerW, boards.skew(board));
}

/** Sets every board's hash count and temperatures to where they settle after `uptimeS` at `op`. */
export function settleBoards(
  config: MinerConfig,
  boards: MinerBoards,
  op: OperatingPoint,
  uptimeS: number,
): void {
  for (let b = 0; b < boards.count; b += 1) {
    boards.setHashesTh(b, boardRateThs(config, boards, op, b) * uptimeS);
    const load = loadOf(config, boards, op, b);
    boards.setTemps(b, boardTempTarget(op.ambientC, load), chipTempTarget(op.ambientC, load));
  }
}

/**
 * Moves the boards from `fromMs` to `toMs` at a constant `op`: hashes accrue, temperatures relax
 * towards their steady state, and while any board hashes one may fail (draws from `random`).
 */
export function integrateBoards(
  config: MinerConfig,
  boards: MinerBoards,
  op: OperatingPoint,
  random: SeededRandom,
  fromMs: number,
  toMs: number,
): void {
  const dtMs = toMs - fromMs;
  if (!(dtMs > 0)) return;
  const count = boards.count;
  let hashing = false;
  for (let b = 0; b < count; b += 1) {
    const rate = boardRateThs(config, boards, op, b);
    if (rate > 0) hashing = true;
    boards.setHashesTh(b, boards.hashesTh(b) + (rate * dtMs) / 1000);
  }
  const keep = thermalKeep(config, dtMs);
  for (let b = 0; b < count; b += 1) {
    const load = loadOf(config, boards, op, b);
    const boardSs = boardTempTarget(op.ambientC, load);
    const chipSs = chipTempTarget(op.ambientC, load);
    boards.setTemps(
      b,
      boardSs + (boards.boardTempC(b) - boardSs) * keep,
      chipSs + (boards.chipTempC(b) - chipSs) * keep,
    );
  }
  const rate = config.boardFaultsPerHour;
  if (hashing && rate > 0) {
    const chance = faultChance(rate, dtMs);
    if (random.next() < chance) {
      const live = boards.liveIndices();
      if (live.length > 0) boards.markFaulted(live[random.index(live.length)]!, toMs);
    }
  }
}
