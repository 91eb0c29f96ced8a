import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AntminerStockClient,
  AuradineClient,
  AvalonClient,
  BitaxeClient,
  BosminerClient,
  BraiinsClient,
  BraiinsGraphqlClient,
  BraiinsGrpcClient,
  detectDialect,
  ElphapexClient,
  EpicClient,
  LuxosClient,
  type MinerDialect,
  MinerProtocolError,
  MinerTimeoutError,
  MinerUnreachableError,
  probeMiner,
  UnknownDialectError,
  VnishClient,
  WhatsminerV2Client,
  WhatsminerV3Client,
} from '../../src/adapters/miners/index.ts';
import { type RunningServer, startTcpFixtureServer } from './fixture-server.ts';
import { startVariant, VARIANTS } from './fixture-variants.ts';

const CLIENT_CLASS = {
  'antminer-stock': AntminerStockClient,
  luxos: LuxosClient,
  'whatsminer-v2': WhatsminerV2Client,
  'whatsminer-v3': WhatsminerV3Client,
  'braiins-os': BraiinsClient,
  avalon: AvalonClient,
  'antminer-aftermarket': AntminerStockClient,
  'whatsminer-v1': WhatsminerV2Client,
  vnish: VnishClient,
  'braiins-graphql': BraiinsGraphqlClient,
  'braiins-grpc': BraiinsGrpcClient,
  bosminer: BosminerClient,
  epic: EpicClient,
  auradine: AuradineClient,
  bitaxe: BitaxeClient,
  elphapex: ElphapexClient,
} as const satisfies Record<MinerDialect, unknown>;

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('probeMiner on every capture, with the port given', () => {
  it.each(VARIANTS.map((variant) => ({ variant, name: variant.name })))('$name', async ({ variant }) => {
    const server = await startVariant(variant, { suffix: Buffer.from([0]) });
    servers.push(server);
    const client = await probeMiner(server.host, server.port, { readTimeoutMs: 1_000 });
    expect(client).toBeInstanceOf(CLIENT_CLASS[variant.dialect]);
    expect(client.dialect).toBe(variant.dialect);
    expect((await client.read()).dialect).toBe(variant.dialect);
  });
});

describe('detectDialect', () => {
  it('without a port tries 4028, then 4433, then 80 (here mapped to test ports)', async () => {
    const v3 = await startVariant(VARIANTS.find((v) => v.name === 'whatsminer/v3')!);
    const braiins = await startVariant(VARIANTS.find((v) => v.name === 'braiins/v25_07')!);
    servers.push(v3, braiins);
    const closed = await closedPort();
    expect(
      await detectDialect('127.0.0.1', undefined, {
        ports: { cgminer: closed, whatsminerV3: v3.port, http: closed },
      }),
    ).toMatchObject({ dialect: 'whatsminer-v3', port: v3.port, evidence: 'get.device.info api 3.0.2' });
    expect(
      await detectDialect('127.0.0.1', undefined, {
        ports: { cgminer: closed, whatsminerV3: closed, http: braiins.port },
      }),
    ).toMatchObject({ dialect: 'braiins-os', port: braiins.port });
  });

  it('recognises btminer 2.x by get_version when version is refused', async () => {
    const server = await startVariant(VARIANTS.find((v) => v.name === 'whatsminer/v2')!);
    servers.push(server);
    expect(await detectDialect(server.host, server.port)).toMatchObject({
      dialect: 'whatsminer-v2',
      evidence: 'get_version api_ver 2.0.5',
    });
  });

  const bosminerVersion = (request: { command: string }) =>
    request.command === 'version'
      ? Buffer.from(
          '{"STATUS":[{"STATUS":"S","When":1,"Code":22,"Msg":"BOSminer versions","Description":"BOSminer bosminer-plus-tuner 0.2.0"}],"VERSION":[{"BOSminer":"0.2.0","API":"3.7"}],"id":1}',
        )
      : null;

  it('sends BOSminer on 4028 to the Braiins REST port when REST answers there', async () => {
    const server = await startTcpFixtureServer({ framing: 'cgminer', respond: bosminerVersion });
    const rest = await startVariant(VARIANTS.find((v) => v.name === 'braiins/v25_07')!);
    servers.push(server, rest);
    expect(await detectDialect(server.host, server.port, { webPort: rest.port })).toMatchObject({
      dialect: 'braiins-os',
      port: rest.port,
    });
  });

  it('keeps BOSminer on its cgminer API when no REST, GraphQL or gRPC answers', async () => {
    const server = await startTcpFixtureServer({ framing: 'cgminer', respond: bosminerVersion });
    servers.push(server);
    const closed = await closedPort();
    const found = await detectDialect(server.host, server.port, { webPort: closed, ports: { grpc: closed } });
    expect(found).toMatchObject({ dialect: 'bosminer', port: server.port });
    expect(found.attempts.map((a) => `${a.transport}@${a.port} ${a.probe}`)).toEqual([
      `cgminer@${server.port} version`,
      `http@${closed} connect`,
      `grpc@${closed} connect`,
    ]);
  });

  it('something that speaks cgminer but names no known firmware -> UnknownDialectError', async () => {
    const server = await startTcpFixtureServer({
      framing: 'cgminer',
      respond: (request) =>
        request.command === 'version'
          ? Buffer.from(
              '{"STATUS":[{"STATUS":"S","When":1,"Code":22,"Msg":"SGMiner versions","Description":"sgminer 5.6.0"}],"VERSION":[{"SGMiner":"5.6.0","API":"3.1"}],"id":1}',
            )
          : null,
    });
    servers.push(server);
    const error = await detectDialect(server.host, server.port, { readTimeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownDialectError);
    expect((error as UnknownDialectError).code).toBe('SY_ERR_MINER_UNKNOWN_DIALECT');
  });

  it('unreachable, silent and garbled hosts give the matching typed error', async () => {
    const closed = await closedPort();
    await expect(detectDialect('127.0.0.1', closed)).rejects.toBeInstanceOf(MinerUnreachableError);

    const silent = await startTcpFixtureServer({ framing: 'raw', respond: () => 'hang' });
    servers.push(silent);
    await expect(detectDialect(silent.host, silent.port, { readTimeoutMs: 100 })).rejects.toBeInstanceOf(
      MinerTimeoutError,
    );

    const garbled = await startTcpFixtureServer({
      framing: 'raw',
      respond: () => Buffer.from('\x07\x07 hello'),
    });
    servers.push(garbled);
    await expect(detectDialect(garbled.host, garbled.port, { readTimeoutMs: 200 })).rejects.toBeInstanceOf(
      MinerProtocolError,
    );
  });
});
