import { SeededRandom, stableFraction } from '../seeded-random.ts';
import {
  type EmulatedMinerOptions,
  type MinerConfig,
  type NetworkConditions,
  type Range,
  resolveMinerConfig,
} from './miner-config.ts';
import type { BoardFault, BoardSnapshot, MinerPhase, MinerSnapshot } from './miner-snapshot.ts';

/** What a power-target request came to: accepted (and when the boards will run at it), or refused. */
export type PowerTargetOutcome =
  | { readonly accepted: true; readonly appliesAtMs: number }
  | { readonly accepted: false; readonly reason: string };

/** What the network does to one request. */
export type NetworkFate = 'deliver' | 'drop' | 'timeout';

/** Hashes (TH) per accepted share at share difficulty 65536: 65536 x 2^32 / 1e12. */
const TH_PER_SHARE = (65_536 * 2 ** 32) / 1e12;
/** Share of the power that the control board, fans and PSU losses take while hashing. */
const OVERHEAD_SHARE = 0.04;
const MAX_FAULT_LOG = 8;
const MAX_CONTROL_LOG = 32;
const MS_PER_HOUR = 3_600_000;

/**
 * One emulated ASIC miner: the physics, no I/O. Time comes only from `config.now`; randomness only from
 * a PRNG seeded with `seed`. State moves forward lazily (`advance`), so one shared tick loop (or a
 * read) is enough; the miner owns no timer.
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
  private faultMask = 0;
  private faultLog: BoardFault[] | null = null;
  private ambient: number;
  private networkOverride: NetworkConditions | null = null;
  private controlLog: string[] | null = null;
  /** Per board: [TH hashed since start | board deg C | chip deg C | speed skew], `boards` entries each. */
  private readonly boardData: Float64Array;

  constructor(config: MinerConfig, seed = 1) {
    this.config = config;
    this.seed = seed >>> 0;
    this.random = new SeededRandom(this.seed);
    this.ambient = config.ambientC;
    this.targetW = Math.min(config.spec.powerW, config.powerRangeW.maxW);
    this.appliedW = this.targetW;
    const boards = config.boards;
    this.boardData = new Float64Array(boards * 4);
    let skewSum = 0;
    for (let b = 0; b < boards; b += 1) {
      const skew = 1 + 0.05 * (stableFraction(this.seed, b) - 0.5);
      this.boardData[3 * boards + b] = skew;
      skewSum += skew;
    }
    for (let b = 0; b < boards; b += 1) this.boardData[3 * boards + b] = this.skew(b) * (boards / skewSum);
    const now = config.now();
    const [minUp, maxUp] = config.initialUptimeS;
    this.bootMs = now - Math.round(this.random.between(minUp, maxUp) * 1000);
    this.lastMs = now;
    const uptimeS = (now - this.bootMs) / 1000;
    for (let b = 0; b < boards; b += 1) {
      this.boardData[b] = this.boardRateThs(b) * uptimeS;
      this.boardData[boards + b] = this.boardTempTarget(b);
      this.boardData[2 * boards + b] = this.chipTempTarget(b);
    }
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
    if (this.phaseValue === 'sleeping' && this.config.faultsClearOnWake) this.faultMask = 0;
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
    this.markFaulted(index, this.lastMs);
  }

  /** Revives every board (a technician swapped or reseated them). */
  repairBoards(): void {
    this.advance();
    this.faultMask = 0;
  }

  isBoardFaulted(index: number): boolean {
    return (this.faultMask & (1 << index)) !== 0;
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
    const { dropProbability, timeoutProbability } = this.network;
    if (dropProbability <= 0 && timeoutProbability <= 0) return 'deliver';
    const draw = this.random.next();
    if (draw < dropProbability) return 'drop';
    if (draw < dropProbability + timeoutProbability) return 'timeout';
    return 'deliver';
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
    for (let b = 0; b < count; b += 1) {
      const rate = this.boardRateThs(b);
      const measured = rate > 0 ? rate * (1 + 0.01 * (2 * this.random.next() - 1)) : 0;
      const hashes = this.boardData[b]!;
      const chipTemp = this.boardData[2 * count + b]!;
      const boardNominal = this.nominalBoardThs(b);
      hashrate += measured;
      totalTh += hashes;
      nominal += boardNominal;
      hottestChip = Math.max(hottestChip, chipTemp);
      boards.push({
        index: b,
        hashrateThs: measured,
        avgHashrateThs: uptimeS > 0 ? hashes / uptimeS : 0,
        nominalHashrateThs: boardNominal,
        boardTempC: this.boardData[count + b]!,
        chipTempC: chipTemp,
        chips: chipsPerBoard,
        faulted: this.isBoardFaulted(b),
      });
    }
    const fanDuty = Math.min(1, Math.max(0.2, (hottestChip - 30) / 50));
    const fansRpm: number[] = [];
    for (let f = 0; f < this.config.fans; f += 1) {
      const skew = 1 + 0.06 * (stableFraction(this.seed, 100 + f) - 0.5);
      fansRpm.push(Math.round((this.config.maxFanRpm * fanDuty * skew) / 10) * 10);
    }
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
      powerW: this.powerW(),
      powerTargetW: this.targetW,
      appliedPowerTargetW: this.appliedW,
      nameplatePowerW: spec.powerW,
      powerRangeW: this.config.powerRangeW,
      boards,
      fansRpm,
      fanDuty,
      ambientC: this.ambient,
      uptimeS,
      acceptedShares: accepted,
      rejectedShares: Math.floor(accepted / 800),
      faults: this.faultLog ? [...this.faultLog] : [],
    };
  }

  // ---------------------------------------------------------------- physics

  private skew(board: number): number {
    return this.boardData[3 * this.config.boards + board]!;
  }

  private running(): boolean {
    return this.phaseValue === 'hashing' || this.phaseValue === 'stopping';
  }

  /** TH/s board `b` makes at the target in force when it runs. */
  private nominalBoardThs(board: number): number {
    const { hashrateThs, powerW, efficiencyExponent } = this.config.spec;
    return (
      (hashrateThs / this.config.boards) *
      (this.appliedW / powerW) ** (1 - efficiencyExponent) *
      this.skew(board)
    );
  }

  private boardRateThs(board: number): number {
    return this.running() && !this.isBoardFaulted(board) ? this.nominalBoardThs(board) : 0;
  }

  /** 0-1+: the board's power relative to its share of the nameplate. */
  private boardLoad(board: number): number {
    if (this.isBoardFaulted(board)) return 0;
    if (this.running()) return (this.appliedW / this.config.spec.powerW) * this.skew(board);
    return this.phaseValue === 'starting' ? 0.1 : 0;
  }

  private boardTempTarget(board: number): number {
    return this.ambient + 3 + 32 * this.boardLoad(board);
  }

  private chipTempTarget(board: number): number {
    return this.ambient + 3 + 50 * this.boardLoad(board);
  }

  private liveBoards(): number {
    let live = 0;
    for (let b = 0; b < this.config.boards; b += 1) if (!this.isBoardFaulted(b)) live += 1;
    return live;
  }

  private powerW(): number {
    const { sleepPowerW, boards } = this.config;
    switch (this.phaseValue) {
      case 'sleeping':
        return sleepPowerW;
      case 'starting':
        return sleepPowerW + 0.05 * this.appliedW;
      default: {
        const share = OVERHEAD_SHARE + ((1 - OVERHEAD_SHARE) * this.liveBoards()) / boards;
        return Math.max(sleepPowerW, this.appliedW * share * (1 + 0.004 * (2 * this.random.next() - 1)));
      }
    }
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
    const dtMs = toMs - fromMs;
    if (!(dtMs > 0)) return;
    const count = this.config.boards;
    let hashing = false;
    for (let b = 0; b < count; b += 1) {
      const rate = this.boardRateThs(b);
      if (rate > 0) hashing = true;
      this.boardData[b] = this.boardData[b]! + (rate * dtMs) / 1000;
    }
    const tauMs = this.config.thermalTimeConstantS * 1000 * this.config.timeScale;
    const keep = tauMs > 0 ? Math.exp(-dtMs / tauMs) : 0;
    for (let b = 0; b < count; b += 1) {
      const boardSs = this.boardTempTarget(b);
      const chipSs = this.chipTempTarget(b);
      this.boardData[count + b] = boardSs + (this.boardData[count + b]! - boardSs) * keep;
      this.boardData[2 * count + b] = chipSs + (this.boardData[2 * count + b]! - chipSs) * keep;
    }
    const rate = this.config.boardFaultsPerHour;
    if (hashing && rate > 0) {
      const chance = 1 - Math.exp((-rate * dtMs) / MS_PER_HOUR);
      if (this.random.next() < chance) {
        const live: number[] = [];
        for (let b = 0; b < count; b += 1) if (!this.isBoardFaulted(b)) live.push(b);
        if (live.length > 0) this.markFaulted(live[this.random.index(live.length)]!, toMs);
      }
    }
  }

  private markFaulted(board: number, atMs: number): void {
    if (this.isBoardFaulted(board)) return;
    this.faultMask |= 1 << board;
    this.faultLog ??= [];
    this.faultLog.push({ board, atMs });
    if (this.faultLog.length > MAX_FAULT_LOG) this.faultLog.shift();
  }

  private resetProcess(): void {
    this.bootMs = this.lastMs;
    for (let b = 0; b < this.config.boards; b += 1) this.boardData[b] = 0;
  }
}
