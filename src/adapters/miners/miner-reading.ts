/**
 * The firmware APIs this library speaks, one client each:
 * - `antminer-stock`: stock Bitmain cgminer/bmminer API (+ web CGI for work modes).
 * - `antminer-aftermarket`: Antminer firmware that keeps the bmminer API (Hiveon, ASICseer, MSKminer,
 *   Blissz, Chipless, VNish before its REST API); read-only.
 * - `vnish`: VNish (AnthillOS) REST API `/api/v1` on port 80, with its cgminer API on 4028.
 * - `luxos`, `avalon`: their cgminer-style APIs.
 * - `whatsminer-v1`: btminer API 1.x (cgminer-style, `btmineroff`); `whatsminer-v2`: API 2.x;
 *   `whatsminer-v3`: API 3.x on 4433.
 * - `braiins-os`: Braiins OS REST `/api/v1` (25.x); `braiins-graphql`: Braiins OS+ GraphQL (`/graphql`,
 *   21.09 to 25.05); `bosminer`: BOSminer's cgminer-compatible API only (Braiins OS before its REST
 *   API, Braiins OS+ without GraphQL); `braiins-grpc`: Braiins OS's public gRPC API (`braiins.bos.v1`,
 *   port 50051, 23.03+).
 * - `epic`: ePIC PowerPlay's HTTP API on port 4028 (built to its published API; no recorded reply).
 * - `auradine`: Auradine GCMiner, cgminer-style API on 4028 plus its web API on 8080 (published API).
 * - `bitaxe`: Bitaxe AxeOS REST (`/api/system/info`) on the web port; read and restart only.
 * - `elphapex`: Elphapex DG-series web CGI (cgminer-shaped JSON) on the web port; read-only.
 */
export const MINER_DIALECTS = [
  'antminer-stock',
  'antminer-aftermarket',
  'vnish',
  'luxos',
  'whatsminer-v1',
  'whatsminer-v2',
  'whatsminer-v3',
  'braiins-os',
  'braiins-graphql',
  'braiins-grpc',
  'bosminer',
  'avalon',
  'epic',
  'auradine',
  'bitaxe',
  'elphapex',
] as const;

/** The firmware API a client speaks. */
export type MinerDialect = (typeof MINER_DIALECTS)[number];

/**
 * What the machine is doing.
 * - `hashing`: hashrate above zero and not curtailed.
 * - `sleeping`: deliberately curtailed by its firmware (LuxOS curtail, Avalon softoff, Braiins pause,
 *   Whatsminer power_off / service stop); the control board still answers.
 * - `off`: the mining process is not running (e.g. Braiins "not started").
 * - `faulted`: the firmware runs, is not curtailed, yet reports no hashrate (or an error status).
 */
export type MinerState = 'hashing' | 'sleeping' | 'off' | 'faulted';

/**
 * Where `powerW` comes from: `measured` by the PSU or power board, `firmware-estimate` computed by the
 * firmware from its tuning model (LuxOS `power`, Braiins approximated consumption), or `spec-estimate`
 * computed by this library from the model's nameplate J/TH and the current hashrate.
 */
export type PowerSource = 'measured' | 'firmware-estimate' | 'spec-estimate';

export type PoolStatus = 'active' | 'alive' | 'dead' | 'disabled' | 'unknown';

export interface BoardReading {
  /** 0-based position as the firmware numbers it. */
  readonly index: number;
  /** TH/s over the firmware's shortest window (5 s, 15 s or "realtime"). */
  readonly hashrate5sThs: number | null;
  /** TH/s averaged by the firmware (cgminer "av": since the miner started). */
  readonly hashrateAvgThs: number | null;
  /** Hottest board (PCB) sensor, deg C. */
  readonly boardTempC: number | null;
  /** Hottest chip, deg C. */
  readonly chipTempC: number | null;
  /** Working chips, when reported. */
  readonly chips: number | null;
}

export interface PoolReading {
  /** 0-based order in the firmware's list. */
  readonly index: number;
  readonly url: string | null;
  readonly user: string | null;
  /** `active`: the pool the miner hashes on now; `alive`: reachable standby; `dead`: unreachable. */
  readonly status: PoolStatus;
  /** Shares accepted / rejected by this pool. */
  readonly accepted: number | null;
  readonly rejected: number | null;
}

export interface MinerErrorEntry {
  /** The firmware's error code, if it has one. */
  readonly code: string | null;
  readonly message: string;
  /** As the firmware printed it (ISO 8601 or its own format). */
  readonly timestamp: string | null;
}

/**
 * One normalized reading of a miner. A value the miner did not report is `null`, never 0; a 0 the miner
 * did report (fans stopped while asleep, 0 W from the PSU) stays 0.
 */
export interface MinerReading {
  readonly dialect: MinerDialect;
  /** `host:port` the reading came from. */
  readonly endpoint: string;
  /** Marketing model, e.g. `Antminer S19 Pro`, `Whatsminer M60S VK40`, `Avalon Q`. */
  readonly model: string | null;
  /** Firmware version string as the firmware gives it. */
  readonly firmware: string | null;
  /**
   * TH/s over the firmware's 5 s window: cgminer-family `GHS 5s`/`MHS 5s` (Whatsminer: `MHS 5s`, the
   * figure its own summary shows; `HS RT` "realtime" only when `MHS 5s` is absent), Braiins `mhs5S`,
   * Whatsminer API 3 `hash-realtime`, VNish `hr_realtime`. Scrypt/X11/Ethash Antminers report MH/s in
   * their `GHS` fields; that is converted too (a reading is TH/s of the miner's own algorithm).
   */
  readonly hashrate5sThs: number | null;
  /** TH/s averaged by the firmware (cgminer/LuxOS/Avalon/Whatsminer "av": since start; Braiins since restart). */
  readonly hashrateAvgThs: number | null;
  /** TH/s the firmware expects at the current settings (nameplate, "Factory GHS", nominal). */
  readonly nominalHashrateThs: number | null;
  /** W, see `powerSource`. */
  readonly powerW: number | null;
  readonly powerSource: PowerSource | null;
  /** W the firmware is told to stay at (power limit, power target, tuning profile). */
  readonly powerTargetW: number | null;
  /** J/TH: the firmware's own figure when it gives one, else `powerW / hashrate5sThs`. */
  readonly efficiencyJPerTh: number | null;
  /** Hash boards; `null` when the firmware does not list them. */
  readonly boards: readonly BoardReading[] | null;
  /** Cooling fan speeds, RPM (PSU fans excluded); `null` when not reported. */
  readonly fansRpm: readonly number[] | null;
  /** Configured pools; `null` when not reported. */
  readonly pools: readonly PoolReading[] | null;
  /** Seconds the mining process has been running. */
  readonly uptimeS: number | null;
  readonly state: MinerState;
  /** Errors and events the firmware reports (empty when it reports none). */
  readonly errors: readonly MinerErrorEntry[];
  /**
   * What this library had to work around to produce the reading: repaired wire defects, optional
   * commands the firmware refused, values it could not interpret.
   */
  readonly warnings: readonly string[];
  /** When the reading was taken, ms since the epoch (from the client's clock). */
  readonly readAtMs: number;
}
