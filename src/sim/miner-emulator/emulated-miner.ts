import { SeededRandom } from '../seeded-random.ts';
import { MinerBoards } from './miner-boards.ts';
import {
  type EmulatedMinerOptions,
  type MinerConfig,
  type NetworkConditions,
  type Range,
  resolveMinerConfig,
} from './miner-config.ts';
import {
  boardRateThs,
  fanDuty,
  fanSpeedsRpm,
  integrateBoards,
  nominalBoardThs,
  type OperatingPoint,
  settleBoards,
  TH_PER_SHARE,
  wallPowerW,
} from './miner-physics.ts';
import type { BoardSnapshot, MinerPhase, MinerSnapshot } from './miner-snapshot.ts';
import { drawNetworkFate, type NetworkFate } from './network-faults.ts';

export type { NetworkFate } from './network-faults.ts';

/** What a power-target request came to: accepted (and when the boards will run at it), or refused. */
export type PowerTargetOutcome =
  | { readonly accepted: true; readonly appliesAtMs: number }
  | { readonly accepted: false; readonly reason: string };

const MAX_CONTROL_LOG = 32;

/**
 * One emulated ASIC miner: the physics, no I/O. Time comes only from `config.now`; randomness only from
 * a PRNG seeded with `seed`. State moves forward lazily (`advance`), so one shared tick loop (or a
 * read) is enough; the miner owns no timer. This file holds the firmware's state machine and commands;
 * the formulas are in `miner-physics.ts`, the per-board state in `miner-boards.ts` and the network
 * draw in `network-faults.ts`.
 *
 * - Hashrate follows the power target on the curve hashrate = H x (p / P)^(1 - a) (J/TH ~ (p / P)^a).
 * - Power at the wall is the target in force, less the share of faulted boards; asleep, `sleepPowerW`.
 * - Sleep and wake take a delay drawn from their ranges (x `timeScale`); a new target applies after a
 *   retune delay.
 * - Board and chip temperatures approach ambient + a rise proportional to the board's load with a
 *   first-order lag; fans follow the hottest chip.
 * - Boards fail at random (Poisson, `boardFaultsPerHour`); a faulted board hashes 0 and draws ~nothing.
 */
export class EmulatedMiner {
  readonly config: MinerConfig;
  readonly seed: number;
  private readonly random: SeededRandom;
  private phaseValue: MinerPhase = 'hashing';
  private phaseUntilMs = Number.POSITIVE_INFINITY;
  private curtailedValue = false;
  private targetW: number;
  private appliedW: number;
  private pendingAtMs = Number.POSITIVE_INFINITY;
  private bootMs: number;
  private lastMs: number;
  private ambient: number;
  private networkOverride: NetworkConditions | null = null;
  private controlLog: string[] | null = null;
  private readonly boards: MinerBoards;

  constructor(config: MinerConfig, seed = 1) {
    this.config = config;
    this.seed = seed >>> 0;
    this.random = new SeededRandom(this.seed);
    this.ambient = config.ambientC;
    this.targetW = Math.min(config.spec.powerW, config.powerRangeW.maxW);
    this.appliedW = this.targetW;
    this.boards = new MinerBoards(config.boards, this.seed);
    const now = config.now();
    const [minUp, maxUp] = config.initialUptimeS;
    this.bootMs = now - Math.round(this.random.between(minUp, maxUp) * 1000);
    this.lastMs = now;
    const uptimeS = (now - this.bootMs) / 1000;
    settleBoards(config, this.boards, this.operatingPoint(), uptimeS);
  }

  /** Builds the config from options; miners of one group should share one config (`new EmulatedMiner(config, seed)`). */
  static create(options: EmulatedMinerOptions & { readonly seed?: number }): EmulatedMiner {
    return new EmulatedMiner(resolveMinerConfig(options), options.seed ?? 1);
  }

  get model(): string {
    return this.config.spec.model;
  }

  get phase(): MinerPhase {
    this.advance();
    return this.phaseValue;
  }

  get curtailed(): boolean {
    return this.curtailedValue;
  }

  /** W the firmware is told to hold. */
  get powerTargetW(): number {
    return this.targetW;
  }

  get ambientC(): number {
    return this.ambient;
  }

  get network(): NetworkConditions {
    return this.networkOverride ?? this.config.network;
  }

  /** Moves the physics forward to `nowMs` (the clock by default). Idempotent; never moves back. */
  advance(nowMs: number = this.config.now()): void {
    let t = this.lastMs;
    if (!(nowMs > t)) return;
    for (;;) {
      const next = this.nextEventMs();
      if (next > nowMs) break;
      if (next > t) {
        this.integrate(t, next);
        t = next;
      }
      this.fireEvent(next);
    }
    this.integrate(t, nowMs);
    this.lastMs = nowMs;
  }

  /**
   * Tells the firmware to sleep: reported as curtailed at once, the boards stop after the sleep delay
   * (plus `delayMs`, e.g. a scheduled execution time). False when it already sleeps or is stopping.
   */
  sleep(delayMs = 0): boolean {
    this.advance();
    if (this.curtailedValue && (this.phaseValue === 'stopping' || this.phaseValue === 'sleeping'))
      return false;
    this.curtailedValue = true;
    this.phaseValue = 'stopping';
    this.phaseUntilMs = this.lastMs + Math.max(0, delayMs) + this.delayMs(this.config.sleepDelayS);
    return true;
  }

  /**
   * Tells the firmware to wake: no longer curtailed at once, hashing after the wake delay (plus
   * `delayMs`). `restartProcess` also restarts the mining process (uptime and averages start over).
   * False when it is already awake or starting.
   */
  wake(options: { readonly delayMs?: number; readonly restartProcess?: boolean } = {}): boolean {
    this.advance();
    if (!this.curtailedValue && (this.phaseValue === 'hashing' || this.phaseValue === 'starting'))
      return false;
    if (this.phaseValue === 'sleeping' && this.config.faultsClearOnWake) this.boards.repairAll();
    this.curtailedValue = false;
    this.phaseValue = 'starting';
    this.phaseUntilMs =
      this.lastMs + Math.max(0, options.delayMs ?? 0) + this.delayMs(this.config.wakeDelayS);
    if (options.restartProcess) this.resetProcess();
    return true;
  }

  /** Restarts the mining process (e.g. Whatsminer after a new power limit): no hashrate for a wake delay. */
  restartProcess(): void {
    this.advance();
    this.resetProcess();
    if (this.phaseValue === 'sleeping' || this.phaseValue === 'stopping') return;
    this.phaseValue = 'starting';
    this.phaseUntilMs = this.lastMs + this.delayMs(this.config.wakeDelayS);
  }

  /**
   * Sets the power target, W. Reported at once; the boards run at it after the retune delay (or when
   * they next start). Refused outside `config.powerRangeW`.
   */
  setPowerTarget(watts: number): PowerTargetOutcome {
    const { minW, maxW } = this.config.powerRangeW;
    if (!Number.isFinite(watts) || watts < minW || watts > maxW) {
      return { accepted: false, reason: `power target ${watts} W outside ${minW}-${maxW} W` };
    }
    this.advance();
    this.targetW = watts;
    const running = this.phaseValue === 'hashing' || this.phaseValue === 'stopping';
    this.pendingAtMs = running
      ? this.lastMs + this.delayMs(this.config.retuneDelayS)
      : Number.POSITIVE_INFINITY;
    return { accepted: true, appliesAtMs: running ? this.pendingAtMs : this.phaseUntilMs };
  }

  /** Makes board `index` fail now (as a random fault would). */
  faultBoard(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.config.boards) {
      throw new RangeError(`board ${index} does not exist (0-${this.config.boards - 1})`);
    }
    this.advance();
    this.boards.markFaulted(index, this.lastMs);
  }

  /** Revives every board (a technician swapped or reseated them). */
  repairBoards(): void {
    this.advance();
    this.boards.repairAll();
  }

  isBoardFaulted(index: number): boolean {
    return this.boards.isFaulted(index);
  }

  setAmbientC(celsius: number): void {
    this.advance();
    this.ambient = celsius;
  }

  setNetwork(conditions: Partial<NetworkConditions>): void {
    this.networkOverride = { ...this.network, ...conditions };
  }

  /** Draws what the network does to the next request. */
  networkFate(): NetworkFate {
    return drawNetworkFate(this.network, this.random);
  }

  /** Notes a privileged or control request the firmware received (also refused ones), for inspection; the last 32 are kept. */
  recordControl(text: string): void {
    this.controlLog ??= [];
    this.controlLog.push(text);
    if (this.controlLog.length > MAX_CONTROL_LOG) this.controlLog.shift();
  }

  /** Control commands received, oldest first. */
  controls(): readonly string[] {
    return this.controlLog ?? [];
  }

  /** A random draw from this miner's PRNG (for dialect ids and salts). */
  randomText(length: number, alphabet?: string): string {
    return this.random.text(length, alphabet);
  }

  /** Everything the firmware reports, now. */
  snapshot(): MinerSnapshot {
    this.advance();
    const { spec, boards: count, chipsPerBoard } = this.config;
    const now = this.lastMs;
    const uptimeS = Math.max(0, (now - this.bootMs) / 1000);
    const boards: BoardSnapshot[] = [];
    let hashrate = 0;
    let totalTh = 0;
    let nominal = 0;
    let hottestChip = this.ambient;
    const op = this.operatingPoint();
    for (let b = 0; b < count; b += 1) {
      const rate = boardRateThs(this.config, this.boards, op, b);
      const measured = rate > 0 ? rate * (1 + 0.01 * (2 * this.random.next() - 1)) : 0;
      const hashes = this.boards.hashesTh(b);
      const chipTemp = this.boards.chipTempC(b);
      const boardNominal = nominalBoardThs(this.config, this.appliedW, this.boards.skew(b));
      hashrate += measured;
      totalTh += hashes;
      nominal += boardNominal;
      hottestChip = Math.max(hottestChip, chipTemp);
      boards.push({
        index: b,
        hashrateThs: measured,
        avgHashrateThs: uptimeS > 0 ? hashes / uptimeS : 0,
        nominalHashrateThs: boardNominal,
        boardTempC: this.boards.boardTempC(b),
        chipTempC: chipTemp,
        chips: chipsPerBoard,
        faulted: this.isBoardFaulted(b),
      });
    }
    const duty = fanDuty(hottestChip);
    const fansRpm = fanSpeedsRpm(this.config, this.seed, duty);
    const accepted = Math.floor(totalTh / TH_PER_SHARE);
    return {
      nowMs: now,
      model: spec.model,
      phase: this.phaseValue,
      curtailed: this.curtailedValue,
      hashrateThs: hashrate,
      avgHashrateThs: uptimeS > 0 ? totalTh / uptimeS : 0,
      nominalHashrateThs: nominal,
      nameplateHashrateThs: spec.hashrateThs,
      powerW: wallPowerW(this.config, this.phaseValue, this.appliedW, this.boards.liveCount(), this.random),
      powerTargetW: this.targetW,
      appliedPowerTargetW: this.appliedW,
      nameplatePowerW: spec.powerW,
      powerRangeW: this.config.powerRangeW,
      boards,
      fansRpm,
      fanDuty: duty,
      ambientC: this.ambient,
      uptimeS,
      acceptedShares: accepted,
      rejectedShares: Math.floor(accepted / 800),
      faults: this.boards.faults(),
    };
  }

  // ---------------------------------------------------------------- physics and events

  /** The state the physics runs at until the next event. */
  private operatingPoint(): OperatingPoint {
    return { phase: this.phaseValue, appliedW: this.appliedW, ambientC: this.ambient };
  }

  private delayMs(range: Range): number {
    return this.random.between(range[0], range[1]) * 1000 * this.config.timeScale;
  }

  private nextEventMs(): number {
    const phaseEnd =
      this.phaseValue === 'stopping' || this.phaseValue === 'starting'
        ? this.phaseUntilMs
        : Number.POSITIVE_INFINITY;
    return Math.min(phaseEnd, this.pendingAtMs);
  }

  private fireEvent(at: number): void {
    if ((this.phaseValue === 'stopping' || this.phaseValue === 'starting') && this.phaseUntilMs <= at) {
      this.phaseValue = this.phaseValue === 'stopping' ? 'sleeping' : 'hashing';
      this.phaseUntilMs = Number.POSITIVE_INFINITY;
      if (this.phaseValue === 'hashing') {
        this.appliedW = this.targetW;
        this.pendingAtMs = Number.POSITIVE_INFINITY;
      }
      return;
    }
    if (this.pendingAtMs <= at) {
      this.appliedW = this.targetW;
      this.pendingAtMs = Number.POSITIVE_INFINITY;
    }
  }

  private integrate(fromMs: number, toMs: number): void {
    integrateBoards(this.config, this.boards, this.operatingPoint(), this.random, fromMs, toMs);
  }

  private resetProcess(): void {
    this.bootMs = this.lastMs;
    this.boards.resetHashes();
  }
}
