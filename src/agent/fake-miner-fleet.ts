import type {
  ControlResult,
  MinerCapabilities,
  MinerDialect,
  MinerReading,
  MinerState,
} from '../adapters/miners/index.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { MinerFleet, MinerObservation, Nameplate } from './miner-fleet.ts';

/** How a fake miner is set up; everything but the nameplate has a default. */
export interface FakeMinerSpec {
  readonly model?: string;
  readonly nameplate: Nameplate;
  readonly state?: MinerState;
  readonly dialect?: MinerDialect;
  /** Power-target range, W; none: the miner takes no power target. */
  readonly powerRangeW?: { readonly minW: number; readonly maxW: number };
  /** W the firmware holds now; null: nameplate. */
  readonly powerTargetW?: number | null;
  readonly canSleep?: boolean;
  /** Max chip temperature reported, deg C. */
  readonly tempC?: number;
}

/** A command the fake received, for assertions. */
export interface FakeMinerCommand {
  readonly minerId: string;
  readonly action: 'sleep' | 'wake' | 'set-power-target';
  readonly watts?: number;
  /** Clock time when the command arrived. */
  readonly atMs: number;
}

interface FakeMiner {
  readonly id: string;
  readonly model: string;
  readonly nameplate: Nameplate;
  readonly dialect: MinerDialect;
  readonly powerRangeW: { readonly minW: number; readonly maxW: number } | undefined;
  readonly canSleep: boolean;
  readonly tempC: number;
  state: MinerState;
  powerTargetW: number | null;
  /** Fails every read and command (a down network, a dead control board). */
  unreachable: boolean;
  /** Never answers reads (the agent's per-miner timeout must fire). */
  hangs: boolean;
  /** Accepts commands but nothing changes: ControlResult.applied false. */
  stubborn: boolean;
  /** The next this-many commands are accepted but change nothing (then it obeys). */
  ignoring: number;
}

/** Standby draw of a sleeping miner's control board, W. */
export const FAKE_SLEEP_POWER_W = 10;

/**
 * A MinerFleet in memory, for tests and demos. Miners hash at their nameplate (or at their power
 * target, hashrate scaling with an underclock exponent of 0.3), sleep at FAKE_SLEEP_POWER_W, and
 * obey commands at once unless made stubborn, unreachable or hanging. Records every command and the
 * most commands that were in flight at once.
 *
 * ```ts
 * const fleet = new FakeMinerFleet(clock)
 *   .withMiners('s19', 4, { model: 'Antminer S19j Pro', nameplate: { hashrateThs: 104, powerW: 3068 } })
 *   .withMiner('s21-0', { nameplate: { hashrateThs: 200, powerW: 3500 }, state: 'sleeping' });
 * ```
 */
export class FakeMinerFleet implements MinerFleet {
  readonly #clock: Clock;
  readonly #miners = new Map<string, FakeMiner>();
  readonly commands: FakeMinerCommand[] = [];
  #inFlight = 0;
  #maxInFlight = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  withMiner(id: string, spec: FakeMinerSpec): this {
    this.#miners.set(id, {
      id,
      model: spec.model ?? 'Fake Miner',
      nameplate: spec.nameplate,
      dialect: spec.dialect ?? 'luxos',
      powerRangeW: spec.powerRangeW,
      canSleep: spec.canSleep ?? true,
      tempC: spec.tempC ?? 65,
      state: spec.state ?? 'hashing',
      powerTargetW: spec.powerTargetW ?? null,
      unreachable: false,
      hangs: false,
      stubborn: false,
      ignoring: 0,
    });
    return this;
  }

  /** `count` miners `${prefix}-0` ... with the same spec. */
  withMiners(prefix: string, count: number, spec: FakeMinerSpec): this {
    for (let i = 0; i < count; i++) this.withMiner(`${prefix}-${i}`, spec);
    return this;
  }

  withUnreachable(id: string, unreachable = true): this {
    this.#miner(id).unreachable = unreachable;
    return this;
  }

  withHanging(id: string, hangs = true): this {
    this.#miner(id).hangs = hangs;
    return this;
  }

  withStubborn(id: string, stubborn = true): this {
    this.#miner(id).stubborn = stubborn;
    return this;
  }

  /** The miner's next `times` commands are accepted but do nothing (a command lost on the way). */
  withIgnoring(id: string, times: number): this {
    this.#miner(id).ignoring = times;
    return this;
  }

  withState(id: string, state: MinerState): this {
    this.#miner(id).state = state;
    return this;
  }

  stateOf(id: string): MinerState {
    return this.#miner(id).state;
  }

  /** The most commands that were in flight at the same time so far. */
  get maxCommandsInFlight(): number {
    return this.#maxInFlight;
  }

  /** W the hashing miners draw now (what a site meter would show, standby included). */
  drawW(): number {
    return [...this.#miners.values()].reduce((sum, miner) => sum + powerOf(miner), 0);
  }

  ids(): readonly string[] {
    return [...this.#miners.keys()];
  }

  async observe(minerId: string): Promise<MinerObservation> {
    const miner = this.#miner(minerId);
    if (miner.hangs) return new Promise<never>(() => {});
    await Promise.resolve();
    if (miner.unreachable) throw new Error(`${minerId}: connection refused`);
    return { reading: this.#reading(miner), capabilities: capabilitiesOf(miner), nameplate: miner.nameplate };
  }

  sleep(minerId: string): Promise<ControlResult> {
    return this.#command(minerId, 'sleep', undefined, (miner) => {
      miner.state = 'sleeping';
    });
  }

  /** As sleep(): the fake's read-back is immediate anyway. */
  sleepNow(minerId: string): Promise<ControlResult> {
    return this.sleep(minerId);
  }

  wake(minerId: string): Promise<ControlResult> {
    return this.#command(minerId, 'wake', undefined, (miner) => {
      miner.state = 'hashing';
    });
  }

  setPowerTarget(minerId: string, watts: number): Promise<ControlResult> {
    return this.#command(minerId, 'set-power-target', watts, (miner) => {
      miner.powerTargetW = watts;
    });
  }

  async #command(
    minerId: string,
    action: FakeMinerCommand['action'],
    watts: number | undefined,
    apply: (miner: FakeMiner) => void,
  ): Promise<ControlResult> {
    const miner = this.#miner(minerId);
    this.commands.push({
      minerId,
      action,
      ...(watts === undefined ? {} : { watts }),
      atMs: this.#clock.nowMs(),
    });
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    const ignored = miner.ignoring > 0;
    try {
      // Let every command of a wave start before any finishes, as over the network.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (miner.unreachable) throw new Error(`${minerId}: connection refused`);
      if (action === 'sleep' && !miner.canSleep) throw new Error(`${minerId}: cannot sleep`);
      if (action === 'set-power-target' && miner.powerRangeW === undefined) {
        throw new Error(`${minerId}: takes no power target`);
      }
      if (miner.ignoring > 0) miner.ignoring -= 1;
      if (miner.stubborn || ignored) {
        return {
          applied: false,
          detail: `${action} sent, no change after read-back`,
          reading: this.#reading(miner),
        };
      }
      apply(miner);
      return { applied: true, detail: `${action} took effect`, reading: this.#reading(miner) };
    } finally {
      this.#inFlight--;
    }
  }

  #reading(miner: FakeMiner): MinerReading {
    const hashing = miner.state === 'hashing';
    const targetW = miner.powerTargetW ?? miner.nameplate.powerW;
    const hashrateThs = hashing ? miner.nameplate.hashrateThs * (targetW / miner.nameplate.powerW) ** 0.7 : 0;
    const powerW = powerOf(miner);
    return {
      dialect: miner.dialect,
      endpoint: `${miner.id}:4028`,
      model: miner.model,
      firmware: 'fake 1.0',
      hashrate5sThs: hashrateThs,
      hashrateAvgThs: hashrateThs,
      nominalHashrateThs: miner.nameplate.hashrateThs,
      powerW,
      powerSource: 'measured',
      powerTargetW: miner.powerTargetW,
      efficiencyJPerTh: hashrateThs > 0 ? powerW / hashrateThs : null,
      boards: [
        {
          index: 0,
          hashrate5sThs: hashrateThs,
          hashrateAvgThs: hashrateThs,
          boardTempC: miner.tempC - 10,
          chipTempC: miner.tempC,
          chips: 100,
        },
      ],
      fansRpm: hashing ? [4800, 4800] : [0, 0],
      pools: null,
      uptimeS: 3600,
      state: miner.state,
      errors: [],
      warnings: [],
      readAtMs: this.#clock.nowMs(),
    };
  }

  #miner(id: string): FakeMiner {
    const miner = this.#miners.get(id);
    if (miner === undefined) throw new TypeError(`no fake miner ${id}`);
    return miner;
  }
}

function powerOf(miner: FakeMiner): number {
  switch (miner.state) {
    case 'hashing':
      return miner.powerTargetW ?? miner.nameplate.powerW;
    case 'sleeping':
      return FAKE_SLEEP_POWER_W;
    case 'off':
      return 0;
    case 'faulted':
      return 150;
  }
}

function capabilitiesOf(miner: FakeMiner): MinerCapabilities {
  return {
    canSleep: miner.canSleep,
    canSetPowerTarget: miner.powerRangeW !== undefined,
    minPowerW: miner.powerRangeW?.minW ?? null,
    maxPowerW: miner.powerRangeW?.maxW ?? miner.nameplate.powerW,
    powerRangeSource: miner.powerRangeW === undefined ? null : 'fake',
    notes: miner.canSleep ? [] : ['fake miner set up without sleep'],
  };
}
