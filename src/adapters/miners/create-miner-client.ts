import { AntminerStockClient } from './antminer/antminer-client.ts';
import { AuradineClient } from './auradine/auradine-client.ts';
import { AvalonClient } from './avalon/avalon-client.ts';
import { BitaxeClient } from './bitaxe/bitaxe-client.ts';
import { BosminerClient } from './bosminer/bosminer-client.ts';
import { BraiinsClient } from './braiins/braiins-client.ts';
import { BraiinsGraphqlClient } from './braiins-graphql/braiins-graphql-client.ts';
import { BraiinsGrpcClient } from './braiins-grpc/braiins-grpc-client.ts';
import type { MinerClientOptions } from './client-options.ts';
import type { ProbeOptions } from './detection/detection-options.ts';
import { ElphapexClient } from './elphapex/elphapex-client.ts';
import { EpicClient } from './epic/epic-client.ts';
import { LuxosClient } from './luxos/luxos-client.ts';
import type { MinerClient } from './miner-client.ts';
import type { MinerDialect } from './miner-reading.ts';
import { VnishClient } from './vnish/vnish-client.ts';
import { WhatsminerV2Client } from './whatsminer-v2/whatsminer-v2-client.ts';
import { WhatsminerV3Client } from './whatsminer-v3/whatsminer-v3-client.ts';

/**
 * A client for a known dialect. `port` is the dialect's API port (4028, 4433, or the web port for
 * REST/GraphQL/VNish, 50051 for Braiins gRPC); the generic `username`/`password`/`webPort` fill in the dialect-specific ones.
 */
export function createMinerClient(
  dialect: MinerDialect,
  options: MinerClientOptions & ProbeOptions,
): MinerClient {
  const { username, password, webPort } = options;
  switch (dialect) {
    case 'antminer-stock':
    case 'antminer-aftermarket':
      return new AntminerStockClient({
        ...options,
        flavour: dialect,
        webPort: options.antminerWebPort ?? webPort,
        webUser: options.antminerWebUser ?? username,
        webPassword: options.antminerWebPassword ?? password,
      });
    case 'vnish':
      return new VnishClient({ ...options, password });
    case 'luxos':
      return new LuxosClient(options);
    case 'whatsminer-v1':
    case 'whatsminer-v2':
      return new WhatsminerV2Client({
        ...options,
        api: dialect,
        password: options.whatsminerV2Password ?? password,
      });
    case 'whatsminer-v3':
      return new WhatsminerV3Client({
        ...options,
        account: options.whatsminerV3Account ?? username,
        password: options.whatsminerV3Password ?? password,
      });
    case 'braiins-os':
      return new BraiinsClient({
        ...options,
        username: options.braiinsUsername ?? username,
        password: options.braiinsPassword ?? password,
      });
    case 'braiins-graphql':
      return new BraiinsGraphqlClient({
        ...options,
        username: options.braiinsUsername ?? username,
        password: options.braiinsPassword ?? password,
      });
    case 'braiins-grpc':
      return new BraiinsGrpcClient({
        ...options,
        username: options.braiinsUsername ?? username,
        password: options.braiinsPassword ?? password,
      });
    case 'bosminer':
      return new BosminerClient(options);
    case 'avalon':
      return new AvalonClient(options);
    case 'auradine':
      return new AuradineClient({ ...options, webPort, username, password });
    case 'epic':
      return new EpicClient({ ...options, password });
    case 'bitaxe':
      return new BitaxeClient(options);
    case 'elphapex':
      return new ElphapexClient({ ...options, username, password });
  }
}
