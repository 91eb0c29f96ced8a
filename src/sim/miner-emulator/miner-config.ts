/** Nameplate of the emulated model. */
export interface MinerModelSpec {
  /** Marketing model, e.g. `Antminer S21`, `Whatsminer M60S`, `Avalon A1466`. */
  readonly model: string;
  /** TH/s at the nameplate power. */
  readonly hashrateThs: number;
  /** W at the wall, nameplate. */
  readonly powerW: number;
  /**
   * a in J/TH ~ (p / P)^a when underclocked, so hashrate ~ (p / P)^(1 - a). 0.3 when left out (the
   * fleet file's `underclockEfficiencyExponent`).
   */
  readonly efficiencyExponent?: number;
}

/** How the network in front of one miner misbehaves, per request. */
export interface NetworkConditions {
  /** 0-1: the connection is reset (RST) as soon as the request arrives; the client sees it unreachable. */
  readonly dropProbability: number;
  /** 0-1: the request is accepted and never answered; the client runs into its read timeout. */
  readonly timeoutProbability: number;
}

export const PERFECT_NETWORK: NetworkConditions = Object.freeze({
  dropProbability: 0,
  timeoutProbability: 0,
});

/** A [min, max] range; a value is drawn uniformly from it each time. */
export type Range = readonly [number, number];

/** Options of an emulated miner. Only `spec` and `now` are required. */
export interface EmulatedMinerOptions {
  readonly spec: MinerModelSpec;
  /** The clock, ms since the epoch. All physics reads time from here, never from `Date.now`. */
  readonly now: () => number;
  /**
   * Multiplies every firmware delay and time constant (sleep, wake, retune, thermal): 0.001 turns a
   * 45 s wake into 45 ms for tests. Fault rates stay per hour of the clock. Default 1.
   */
  readonly timeScale?: number;
  /** W range the firmware accepts as a power target. Default: 60 %-100 % of the nameplate. */
  readonly powerRangeW?: { readonly minW: number; readonly maxW: number };
  /** s from a wake command until the boards hash again. Default [30, 60]. */
  readonly wakeDelayS?: Range;
  /** s from a sleep command until the boards stop. Default [5, 15]. */
  readonly sleepDelayS?: Range;
  /** s from a new power target until the boards run at it. Default [5, 15]. */
  readonly retuneDelayS?: Range;
  /** s, first-order time constant of board and chip temperatures. Default 90. */
  readonly thermalTimeConstantS?: number;
  /** deg C at the air intake. Default 25. */
  readonly ambientC?: number;
  /** Expected random board faults per miner per hour of clock time while hashing. Default 0. */
  readonly boardFaultsPerHour?: number;
  /** Whether a sleep/wake cycle clears board faults (a re-init revives a board that lost sync). Default true. */
  readonly faultsClearOnWake?: boolean;
  readonly network?: Partial<NetworkConditions>;
  /** W the control board, PSU and idle fans draw while asleep. Default 15. */
  readonly sleepPowerW?: number;
  /** Hash boards. Default 3. */
  readonly boards?: number;
  readonly chipsPerBoard?: number;
  readonly fans?: number;
  /** RPM of a fan at full speed. Default 6000. */
  readonly maxFanRpm?: number;
  /** s the miner has been running when the emulation starts (drawn per miner). Default [3600, 172800]. */
  readonly initialUptimeS?: Range;
}

/** Resolved options, shared by every miner of a group (one object, not one per miner). */
export interface MinerConfig {
  readonly spec: Required<MinerModelSpec>;
  readonly now: () => number;
  readonly timeScale: number;
  readonly powerRangeW: { readonly minW: number; readonly maxW: number };
  readonly wakeDelayS: Range;
  readonly sleepDelayS: Range;
  readonly retuneDelayS: Range;
  readonly thermalTimeConstantS: number;
  readonly ambientC: number;
  readonly boardFaultsPerHour: number;
  readonly faultsClearOnWake: boolean;
  readonly network: NetworkConditions;
  readonly sleepPowerW: number;
  readonly boards: number;
  readonly chipsPerBoard: number;
  readonly fans: number;
  readonly maxFanRpm: number;
  readonly initialUptimeS: Range;
}

export function resolveMinerConfig(options: EmulatedMinerOptions): MinerConfig {
  const spec = options.spec;
  if (!(spec.hashrateThs > 0) || !(spec.powerW > 0)) {
    throw new RangeError(`${spec.model}: hashrate and power must be > 0`);
  }
  const range = options.powerRangeW ?? {
    minW: Math.round(spec.powerW * 0.6),
    maxW: Math.round(spec.powerW),
  };
  if (!(range.minW > 0) || range.maxW < range.minW) {
    throw new RangeError(`${spec.model}: power range ${range.minW}-${range.maxW} W is empty`);
  }
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 0)) throw new RangeError(`timeScale must be >= 0, got ${timeScale}`);
  const config: MinerConfig = {
    spec: Object.freeze({ ...spec, efficiencyExponent: spec.efficiencyExponent ?? 0.3 }),
    now: options.now,
    timeScale,
    powerRangeW: Object.freeze({ ...range }),
    wakeDelayS: options.wakeDelayS ?? [30, 60],
    sleepDelayS: options.sleepDelayS ?? [5, 15],
    retuneDelayS: options.retuneDelayS ?? [5, 15],
    thermalTimeConstantS: options.thermalTimeConstantS ?? 90,
    ambientC: options.ambientC ?? 25,
    boardFaultsPerHour: options.boardFaultsPerHour ?? 0,
    faultsClearOnWake: options.faultsClearOnWake ?? true,
    network: Object.freeze({ ...PERFECT_NETWORK, ...options.network }),
    sleepPowerW: options.sleepPowerW ?? 15,
    boards: options.boards ?? 3,
    chipsPerBoard: options.chipsPerBoard ?? 110,
    fans: options.fans ?? 4,
    maxFanRpm: options.maxFanRpm ?? 6000,
    initialUptimeS: options.initialUptimeS ?? [3600, 172_800],
  };
  return Object.freeze(config);
}
