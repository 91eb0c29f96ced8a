export { AvalonFirmware } from './dialects/avalon-firmware.ts';
export { BitmainFirmware, type BitmainFlavour } from './dialects/bitmain-firmware.ts';
export {
  type BitmainWebCredentials,
  BitmainWebFirmware,
  type BitmainWebReply,
  type BitmainWebRequest,
  createBitmainWebServer,
  DEFAULT_BITMAIN_WEB_CREDENTIALS,
} from './dialects/bitmain-web.ts';
export {
  type BraiinsCredentials,
  BraiinsFirmware,
  DEFAULT_BRAIINS_CREDENTIALS,
  type HttpFirmware,
  type HttpFirmwareReply,
  type HttpFirmwareRequest,
} from './dialects/braiins-firmware.ts';
export type { CgminerFirmware, CgminerRequest } from './dialects/cgminer-reply.ts';
export { LuxosFirmware } from './dialects/luxos-firmware.ts';
export { type LuxProfileSpec, luxProfiles } from './dialects/luxos-profiles.ts';
export {
  DEFAULT_WHATSMINER_CREDENTIALS,
  type WhatsminerCredentials,
  whatsminerType,
} from './dialects/whatsminer-identity.ts';
export { WhatsminerV2Firmware } from './dialects/whatsminer-v2-firmware.ts';
export { type LengthPrefixedFirmware, WhatsminerV3Firmware } from './dialects/whatsminer-v3-firmware.ts';
export { EmulatedMiner, type NetworkFate, type PowerTargetOutcome } from './emulated-miner.ts';
export {
  type EmulatedMinerOptions,
  type MinerConfig,
  type MinerModelSpec,
  type NetworkConditions,
  PERFECT_NETWORK,
  type Range,
  resolveMinerConfig,
} from './miner-config.ts';
export {
  type AddMinerOptions,
  MinerEmulatorHost,
  type MinerEmulatorHostOptions,
  type MinerEndpoint,
} from './miner-emulator-host.ts';
export type { BoardFault, BoardSnapshot, MinerPhase, MinerSnapshot } from './miner-snapshot.ts';
