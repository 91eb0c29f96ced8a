export { type AntminerOptions, AntminerStockClient } from './antminer/antminer-client.ts';
export { AuradineClient, type AuradineOptions } from './auradine/auradine-client.ts';
export { AvalonClient } from './avalon/avalon-client.ts';
export { BitaxeClient } from './bitaxe/bitaxe-client.ts';
export { BosminerClient } from './bosminer/bosminer-client.ts';
export { BraiinsClient, type BraiinsOptions } from './braiins/braiins-client.ts';
export {
  BraiinsGraphqlClient,
  type BraiinsGraphqlOptions,
} from './braiins-graphql/braiins-graphql-client.ts';
export {
  BRAIINS_GRPC_PORT,
  BraiinsGrpcClient,
  type BraiinsGrpcOptions,
} from './braiins-grpc/braiins-grpc-client.ts';
export type { MinerClientOptions } from './client-options.ts';
export { DEFAULT_VERIFY, type VerifyOptions } from './control/verify.ts';
export {
  createMinerClient,
  DEFAULT_PORTS,
  type DetectedDialect,
  type DetectionAttempt,
  detectDialect,
  dialectFromText,
  identifyCgminerText,
  type ProbeOptions,
  probeMiner,
} from './detect-dialect.ts';
export { ElphapexClient, type ElphapexOptions } from './elphapex/elphapex-client.ts';
export { EpicClient, type EpicOptions } from './epic/epic-client.ts';
export * from './errors/index.ts';
export { LuxosClient } from './luxos/luxos-client.ts';
export type { ControlResult, MinerCapabilities, MinerClient } from './miner-client.ts';
export type {
  BoardReading,
  MinerDialect,
  MinerErrorEntry,
  MinerReading,
  MinerState,
  PoolReading,
  PoolStatus,
  PowerSource,
} from './miner-reading.ts';
export { MINER_DIALECTS } from './miner-reading.ts';
export {
  BUILT_IN_SPECS,
  builtInSpecs,
  type ModelSpec,
  type ModelSpecLookup,
  specLookupOf,
} from './model-specs.ts';
export { DEFAULT_TIMEOUTS, type Timeouts } from './transport/endpoint.ts';
export { parseLenientJson, type WireDefect } from './transport/lenient-json.ts';
export { VnishClient, type VnishOptions } from './vnish/vnish-client.ts';
export { WhatsminerV2Client, type WhatsminerV2Options } from './whatsminer-v2/whatsminer-v2-client.ts';
export { WhatsminerV3Client, type WhatsminerV3Options } from './whatsminer-v3/whatsminer-v3-client.ts';
