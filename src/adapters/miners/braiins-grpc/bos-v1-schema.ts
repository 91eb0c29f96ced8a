import type { FieldSpec, MessageSchema } from './protobuf-wire.ts';

/**
 * The messages of Braiins OS's public gRPC API that this library speaks (package `braiins.bos.v1`, and
 * `braiins.bos` for the API version), written from the published protos of braiins/bos-plus-api
 * (1.x): same names and field numbers, only the fields a reading or a control needs. Units: hashrates
 * in GH/s (`GigaHashrate`) or TH/s (`TeraHashrate`), power in W, temperatures in deg C.
 */

const message = (name: string, fields: Record<string, FieldSpec>): MessageSchema => ({ name, fields });
const one = (no: number, type: FieldSpec['type']): FieldSpec => ({ no, type });
const many = (no: number, type: FieldSpec['type']): FieldSpec => ({ no, type, repeated: true });

export const Empty = message('Empty', {});

// units.proto
export const Power = message('Power', { watt: one(1, 'uint64') });
export const GigaHashrate = message('GigaHashrate', { gigahash_per_second: one(1, 'double') });
export const MegaHashrate = message('MegaHashrate', { megahash_per_second: one(1, 'double') });
export const TeraHashrate = message('TeraHashrate', { terahash_per_second: one(1, 'double') });
export const Temperature = message('Temperature', { degree_c: one(1, 'double') });
export const PowerEfficiency = message('PowerEfficiency', { joule_per_terahash: one(1, 'double') });
/** google.protobuf.UInt32Value */
export const UInt32Value = message('UInt32Value', { value: one(1, 'uint32') });

// version.proto (package braiins.bos)
export const ApiVersion = message('ApiVersion', {
  major: one(1, 'uint64'),
  minor: one(2, 'uint64'),
  patch: one(3, 'uint64'),
  pre: one(4, 'string'),
  build: one(5, 'string'),
});

// authentication.proto
export const LoginRequest = message('LoginRequest', {
  username: one(1, 'string'),
  password: one(2, 'string'),
});
export const LoginResponse = message('LoginResponse', {
  token: one(1, 'string'),
  timeout_s: one(2, 'uint32'),
});

// actions.proto
export const StartResponse = message('StartResponse', { already_running: one(1, 'bool') });
export const StopResponse = message('StopResponse', { already_stopped: one(1, 'bool') });
export const PauseMiningResponse = message('PauseMiningResponse', { already_paused: one(1, 'bool') });
export const ResumeMiningResponse = message('ResumeMiningResponse', { already_mining: one(1, 'bool') });

// work.proto
export const RealHashrate = message('RealHashrate', {
  last_5s: one(1, GigaHashrate),
  last_15s: one(2, GigaHashrate),
  last_30s: one(3, GigaHashrate),
  last_1m: one(4, GigaHashrate),
  last_5m: one(5, GigaHashrate),
  last_15m: one(6, GigaHashrate),
  last_30m: one(7, GigaHashrate),
  last_1h: one(8, GigaHashrate),
  last_24h: one(9, GigaHashrate),
  since_restart: one(10, GigaHashrate),
});
export const WorkSolverStats = message('WorkSolverStats', {
  real_hashrate: one(1, RealHashrate),
  nominal_hashrate: one(2, GigaHashrate),
  error_hashrate: one(3, MegaHashrate),
  found_blocks: one(4, 'uint32'),
  best_share_str: one(6, 'string'),
});

// pool.proto
export const PoolStats = message('PoolStats', {
  accepted_shares: one(1, 'uint64'),
  rejected_shares: one(2, 'uint64'),
  stale_shares: one(3, 'uint64'),
  last_difficulty: one(4, 'uint64'),
  generated_work: one(6, 'uint64'),
  best_share_str: one(8, 'string'),
});
export const Pool = message('Pool', {
  uid: one(1, 'string'),
  url: one(2, 'string'),
  user: one(3, 'string'),
  enabled: one(4, 'bool'),
  alive: one(5, 'bool'),
  active: one(6, 'bool'),
  stats: one(7, PoolStats),
});
export const PoolGroup = message('PoolGroup', {
  name: one(1, 'string'),
  pools: many(4, Pool),
  uid: one(5, 'string'),
});
export const GetPoolGroupsResponse = message('GetPoolGroupsResponse', { pool_groups: many(1, PoolGroup) });

// cooling.proto
export const TemperatureSensor = message('TemperatureSensor', {
  id: one(1, 'uint32'),
  location: one(2, 'enum'),
  temperature: one(3, Temperature),
});
export const FanState = message('FanState', {
  position: one(1, 'uint32'),
  rpm: one(2, 'uint32'),
  target_speed_ratio: one(3, 'double'),
});
export const GetCoolingStateResponse = message('GetCoolingStateResponse', {
  fans: many(1, FanState),
  highest_temperature: one(2, TemperatureSensor),
});

// miner.proto
/** MinerStatus: 0 unspecified, 1 not started, 2 normal, 3 paused, 4 suspended, 5 restricted. */
export const MINER_STATUS = {
  UNSPECIFIED: 0,
  NOT_STARTED: 1,
  NORMAL: 2,
  PAUSED: 3,
  SUSPENDED: 4,
  RESTRICTED: 5,
} as const;
export const MinerIdentity = message('MinerIdentity', {
  brand: one(1, 'enum'),
  model: one(2, 'enum'),
  name: one(3, 'string'),
  miner_model: one(4, 'string'),
});
export const BosVersion = message('BosVersion', {
  current: one(1, 'string'),
  major: one(2, 'string'),
  bos_plus: one(3, 'bool'),
});
export const GetMinerDetailsResponse = message('GetMinerDetailsResponse', {
  uid: one(1, 'string'),
  miner_identity: one(2, MinerIdentity),
  platform: one(3, 'enum'),
  bos_mode: one(4, 'enum'),
  bos_version: one(5, BosVersion),
  hostname: one(6, 'string'),
  mac_address: one(7, 'string'),
  sticker_hashrate: one(9, GigaHashrate),
  bosminer_uptime_s: one(10, 'uint64'),
  system_uptime_s: one(11, 'uint64'),
  status: one(12, 'enum'),
  kernel_version: one(13, 'string'),
  serial_number: one(16, 'string'),
});
export const MinerPowerStats = message('MinerPowerStats', {
  approximated_consumption: one(1, Power),
  efficiency: one(2, PowerEfficiency),
});
export const GetMinerStatsResponse = message('GetMinerStatsResponse', {
  pool_stats: one(1, PoolStats),
  miner_stats: one(2, WorkSolverStats),
  power_stats: one(3, MinerPowerStats),
});
export const ErrorCode = message('ErrorCode', {
  code: one(1, 'string'),
  reason: one(2, 'string'),
  hint: one(3, 'string'),
});
export const MinerErrorMessage = message('MinerError', {
  timestamp: one(1, 'string'),
  message: one(2, 'string'),
  error_codes: many(3, ErrorCode),
});
export const GetErrorsResponse = message('GetErrorsResponse', { errors: many(1, MinerErrorMessage) });
export const Hashboard = message('Hashboard', {
  id: one(1, 'string'),
  enabled: one(2, 'bool'),
  chips_count: one(3, UInt32Value),
  highest_chip_temp: one(6, TemperatureSensor),
  board_temp: one(7, Temperature),
  stats: one(8, WorkSolverStats),
  model: one(9, 'string'),
});
export const GetHashboardsResponse = message('GetHashboardsResponse', { hashboards: many(1, Hashboard) });

// performance.proto, constraints.proto, configuration.proto
/** SaveAction: 2 = save and apply. */
export const SAVE_AND_APPLY = 2;
/** TunerMode: 1 power target, 2 hashrate target. */
export const PowerTargetModeState = message('PowerTargetModeState', { current_target: one(2, Power) });
export const HashrateTargetModeState = message('HashrateTargetModeState', {
  current_target: one(2, TeraHashrate),
});
export const GetTunerStateResponse = message('GetTunerStateResponse', {
  overall_tuner_state: one(1, 'enum'),
  power_target_mode_state: one(2, PowerTargetModeState),
  hashrate_target_mode_state: one(3, HashrateTargetModeState),
});
export const PowerConstraints = message('PowerConstraints', {
  default: one(1, Power),
  min: one(2, Power),
  max: one(3, Power),
});
export const HashrateConstraints = message('HashrateConstraints', {
  default: one(1, TeraHashrate),
  min: one(2, TeraHashrate),
  max: one(3, TeraHashrate),
});
export const TunerConstraints = message('TunerConstraints', {
  power_target: one(1, PowerConstraints),
  hashrate_target: one(2, HashrateConstraints),
});
export const GetConstraintsResponse = message('GetConstraintsResponse', {
  tuner_constraints: one(1, TunerConstraints),
});
export const SetPowerTargetRequest = message('SetPowerTargetRequest', {
  save_action: one(1, 'enum'),
  power_target: one(2, Power),
});
export const SetPowerTargetResponse = message('SetPowerTargetResponse', { power_target: one(1, Power) });
export const SetHashrateTargetRequest = message('SetHashrateTargetRequest', {
  save_action: one(1, 'enum'),
  hashrate_target: one(2, TeraHashrate),
});
export const SetHashrateTargetResponse = message('SetHashrateTargetResponse', {
  hashrate_target: one(1, TeraHashrate),
});

/** One unary method: its HTTP/2 path (`/package.Service/Method`) and message types. */
export interface BosMethod {
  readonly path: string;
  readonly request: MessageSchema;
  readonly response: MessageSchema;
}

const method = (service: string, name: string, request: MessageSchema, response: MessageSchema) => ({
  path: `/${service}/${name}`,
  request,
  response,
});
const V1 = 'braiins.bos.v1';

/** The methods this library calls (and the emulator serves). */
export const BOS_METHODS = {
  apiVersion: method('braiins.bos.ApiVersionService', 'GetApiVersion', Empty, ApiVersion),
  login: method(`${V1}.AuthenticationService`, 'Login', LoginRequest, LoginResponse),
  details: method(`${V1}.MinerService`, 'GetMinerDetails', Empty, GetMinerDetailsResponse),
  stats: method(`${V1}.MinerService`, 'GetMinerStats', Empty, GetMinerStatsResponse),
  hashboards: method(`${V1}.MinerService`, 'GetHashboards', Empty, GetHashboardsResponse),
  errors: method(`${V1}.MinerService`, 'GetErrors', Empty, GetErrorsResponse),
  cooling: method(`${V1}.CoolingService`, 'GetCoolingState', Empty, GetCoolingStateResponse),
  pools: method(`${V1}.PoolService`, 'GetPoolGroups', Empty, GetPoolGroupsResponse),
  tunerState: method(`${V1}.PerformanceService`, 'GetTunerState', Empty, GetTunerStateResponse),
  constraints: method(`${V1}.ConfigurationService`, 'GetConstraints', Empty, GetConstraintsResponse),
  setPowerTarget: method(
    `${V1}.PerformanceService`,
    'SetPowerTarget',
    SetPowerTargetRequest,
    SetPowerTargetResponse,
  ),
  setHashrateTarget: method(
    `${V1}.PerformanceService`,
    'SetHashrateTarget',
    SetHashrateTargetRequest,
    SetHashrateTargetResponse,
  ),
  start: method(`${V1}.ActionsService`, 'Start', Empty, StartResponse),
  stop: method(`${V1}.ActionsService`, 'Stop', Empty, StopResponse),
  pause: method(`${V1}.ActionsService`, 'PauseMining', Empty, PauseMiningResponse),
  resume: method(`${V1}.ActionsService`, 'ResumeMining', Empty, ResumeMiningResponse),
} as const satisfies Record<string, BosMethod>;

export type BosMethodName = keyof typeof BOS_METHODS;
