import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import type { MinerDialect } from '../../adapters/miners/index.ts';
import { AuradineFirmware, AuradineWebFirmware } from './dialects/auradine-firmware.ts';
import { AvalonFirmware } from './dialects/avalon-firmware.ts';
import { BitaxeFirmware } from './dialects/bitaxe-firmware.ts';
import { BitmainFirmware, type BitmainFlavour } from './dialects/bitmain-firmware.ts';
import {
  type BitmainWebCredentials,
  BitmainWebFirmware,
  createBitmainWebServer,
  DEFAULT_BITMAIN_WEB_CREDENTIALS,
} from './dialects/bitmain-web.ts';
import { BosminerFirmware } from './dialects/bosminer-firmware.ts';
import {
  type BraiinsCredentials,
  BraiinsFirmware,
  DEFAULT_BRAIINS_CREDENTIALS,
} from './dialects/braiins-firmware.ts';
import { BraiinsGraphqlFirmware } from './dialects/braiins-graphql-firmware.ts';
import { BraiinsGrpcFirmware } from './dialects/braiins-grpc-firmware.ts';
import type { CgminerFirmware } from './dialects/cgminer-reply.ts';
import { ElphapexFirmware } from './dialects/elphapex-firmware.ts';
import { EpicFirmware } from './dialects/epic-firmware.ts';
import { LuxosFirmware } from './dialects/luxos-firmware.ts';
import { VnishWebFirmware } from './dialects/vnish-web-firmware.ts';
import {
  DEFAULT_WHATSMINER_CREDENTIALS,
  type WhatsminerCredentials,
} from './dialects/whatsminer-identity.ts';
import { WhatsminerV2Firmware } from './dialects/whatsminer-v2-firmware.ts';
import { WhatsminerV3Firmware } from './dialects/whatsminer-v3-firmware.ts';
import type { EmulatedMiner } from './emulated-miner.ts';
import { createCgminerServer } from './wire/cgminer-server.ts';
import { ConnectionRegistry } from './wire/connection-registry.ts';
import { createGrpcServer, type GrpcServer } from './wire/grpc-server.ts';
import { createHttpJsonServer } from './wire/http-json-server.ts';
import { createLengthPrefixedServer } from './wire/length-prefixed-server.ts';

/** Where an emulated miner's API listens and which client speaks to it (`createMinerClient(dialect, ...)`). */
export interface MinerEndpoint {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly dialect: MinerDialect;
  readonly model: string;
  /**
   * Port of the web interface, for stock Antminers (`antminer-stock`, flavour `stock`): sleep and wake
   * over `/cgi-bin/*_miner_conf.cgi` with HTTP Digest. Give it to the client as `webPort`
   * (`AntminerStockClient`) or `antminerWebPort` (`createMinerClient`). Absent for other miners.
   */
  readonly webPort?: number;
}

export interface AddMinerOptions {
  /** Unique within the host; `miner-<n>` by default. */
  readonly id?: string;
  /** The firmware API the miner serves. */
  readonly dialect: MinerDialect;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** For `antminer-stock`: name VNish in `version` (same API). */
  readonly bitmainFlavour?: BitmainFlavour;
  /** For a stock `antminer-stock`: TCP port of the web interface; 0 (default) picks a free one. */
  readonly webPort?: number;
}

export interface MinerEmulatorHostOptions {
  /** Address every miner listens on. Default 127.0.0.1. */
  readonly host?: string;
  /** ms between shared ticks that move every miner's physics forward. Default 1000. */
  readonly tickMs?: number;
  readonly whatsminer?: Partial<WhatsminerCredentials>;
  readonly braiins?: Partial<BraiinsCredentials>;
  /** Web interface login of stock Antminers; root/root by default. */
  readonly bitmainWeb?: Partial<BitmainWebCredentials>;
}

interface Entry {
  readonly endpoint: MinerEndpoint;
  readonly miner: EmulatedMiner;
  /** The API server, then (stock Antminer) the web interface. */
  readonly servers: readonly (Server | HttpServer | GrpcServer)[];
}

/**
 * Serves many emulated miners on one machine, each on its own port, each speaking its firmware's wire
 * protocol. One shared tick loop moves all of them forward (the miners own no timers); reads move a
 * miner forward too, so replies are exact at the instant they are made.
 */
export class MinerEmulatorHost {
  readonly host: string;
  private readonly tickMs: number;
  private readonly whatsminer: WhatsminerCredentials;
  private readonly braiins: BraiinsCredentials;
  private readonly bitmainWeb: BitmainWebCredentials;
  private readonly entries = new Map<string, Entry>();
  private readonly reserved = new Set<string>();
  private counter = 0;
  private readonly registry = new ConnectionRegistry();
  private ticker: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: MinerEmulatorHostOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.tickMs = options.tickMs ?? 1000;
    this.whatsminer = { ...DEFAULT_WHATSMINER_CREDENTIALS, ...options.whatsminer };
    this.braiins = { ...DEFAULT_BRAIINS_CREDENTIALS, ...options.braiins };
    this.bitmainWeb = { ...DEFAULT_BITMAIN_WEB_CREDENTIALS, ...options.bitmainWeb };
  }

  /** Number of miners served. */
  get size(): number {
    return this.entries.size;
  }

  /** Open client connections (including ones the emulated network holds unanswered). */
  get openConnections(): number {
    return this.registry.size;
  }

  /** Starts serving `miner` and returns where. */
  async add(miner: EmulatedMiner, options: AddMinerOptions): Promise<MinerEndpoint> {
    if (this.closed) throw new Error('MinerEmulatorHost is closed');
    let id = options.id;
    if (id === undefined) {
      do {
        this.counter += 1;
        id = `miner-${this.counter}`;
      } while (this.entries.has(id) || this.reserved.has(id));
    }
    if (this.entries.has(id) || this.reserved.has(id)) {
      throw new Error(`an emulated miner "${id}" already exists`);
    }
    // Reserved before listening, so concurrent adds cannot take the same id.
    this.reserved.add(id);
    const server = this.createServer(miner, options);
    const web = this.createWebServer(miner, options);
    const servers = web ? [server, web] : [server];
    try {
      let port: number;
      let webPort: number | undefined;
      try {
        port = await this.listen(server, options.port ?? 0);
        if (web) webPort = await this.listen(web, options.webPort ?? 0);
      } catch (error) {
        await Promise.all(servers.map(closeServer));
        throw error;
      }
      if (this.closed) {
        await Promise.all(servers.map(closeServer));
        throw new Error('MinerEmulatorHost was closed while the miner was starting');
      }
      const endpoint: MinerEndpoint = {
        id,
        host: this.host,
        port,
        dialect: options.dialect,
        model: miner.model,
        ...(webPort === undefined ? {} : { webPort }),
      };
      this.entries.set(id, { endpoint, miner, servers });
      this.startTicking();
      return endpoint;
    } finally {
      this.reserved.delete(id);
    }
  }

  endpoints(): MinerEndpoint[] {
    return [...this.entries.values()].map((entry) => entry.endpoint);
  }

  miner(id: string): EmulatedMiner | undefined {
    return this.entries.get(id)?.miner;
  }

  miners(): EmulatedMiner[] {
    return [...this.entries.values()].map((entry) => entry.miner);
  }

  /** Moves every miner to the present (what the shared tick does). */
  tick(): void {
    for (const entry of this.entries.values()) entry.miner.advance();
  }

  /** Stops serving one miner. */
  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    await Promise.all(entry.servers.map(closeServer));
  }

  /** Stops the tick loop, drops every connection and closes every listener. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    const servers = [...this.entries.values()].flatMap((entry) => entry.servers);
    this.entries.clear();
    this.registry.destroyAll();
    await Promise.all(servers.map(closeServer));
  }

  private startTicking(): void {
    if (this.ticker || this.tickMs <= 0) return;
    this.ticker = setInterval(() => this.tick(), this.tickMs);
    this.ticker.unref();
  }

  private listen(server: Server | HttpServer | GrpcServer, port: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.host, port, exclusive: true }, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  /** The web interface of a stock Antminer or an Auradine (the other dialects have none here). */
  private createWebServer(miner: EmulatedMiner, options: AddMinerOptions): HttpServer | null {
    if (options.dialect === 'auradine') {
      return createHttpJsonServer(miner, new AuradineWebFirmware(miner), this.registry);
    }
    if (options.dialect !== 'antminer-stock' || (options.bitmainFlavour ?? 'stock') !== 'stock') return null;
    return createBitmainWebServer(new BitmainWebFirmware(miner, this.bitmainWeb), this.registry);
  }

  private createServer(miner: EmulatedMiner, options: AddMinerOptions): Server | HttpServer | GrpcServer {
    const cgminer = (firmware: CgminerFirmware) => createCgminerServer(miner, firmware, this.registry);
    switch (options.dialect) {
      case 'antminer-stock':
        return cgminer(new BitmainFirmware(miner, options.bitmainFlavour ?? 'stock'));
      case 'luxos':
        return cgminer(new LuxosFirmware(miner));
      case 'whatsminer-v2':
        return cgminer(new WhatsminerV2Firmware(miner, this.whatsminer.v2Password));
      case 'avalon':
        return cgminer(new AvalonFirmware(miner));
      case 'whatsminer-v3':
        return createLengthPrefixedServer(
          miner,
          new WhatsminerV3Firmware(miner, this.whatsminer),
          this.registry,
        );
      case 'braiins-os':
        return createHttpJsonServer(miner, new BraiinsFirmware(miner, this.braiins), this.registry);
      case 'whatsminer-v1':
        return cgminer(new WhatsminerV2Firmware(miner, this.whatsminer.v2Password, 'v1'));
      case 'antminer-aftermarket':
        return cgminer(new BitmainFirmware(miner, 'vnish'));
      case 'bosminer':
        return cgminer(new BosminerFirmware(miner));
      case 'vnish':
        return createHttpJsonServer(miner, new VnishWebFirmware(miner), this.registry);
      case 'epic':
        return createHttpJsonServer(miner, new EpicFirmware(miner), this.registry);
      case 'auradine':
        return cgminer(new AuradineFirmware(miner));
      case 'braiins-graphql':
        return createHttpJsonServer(miner, new BraiinsGraphqlFirmware(miner, this.braiins), this.registry);
      case 'braiins-grpc':
        return createGrpcServer(miner, new BraiinsGrpcFirmware(miner, this.braiins), this.registry);
      case 'bitaxe':
        return createHttpJsonServer(miner, new BitaxeFirmware(miner), this.registry);
      case 'elphapex':
        return createHttpJsonServer(miner, new ElphapexFirmware(miner), this.registry);
    }
  }
}

function closeServer(server: Server | HttpServer | GrpcServer): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
