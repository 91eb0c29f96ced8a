import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AntminerStockClient,
  BraiinsClient,
  LuxosClient,
  MinerCommandRefusedError,
  MinerError,
  MinerProtocolError,
  MinerTimeoutError,
  MinerUnreachableError,
  WhatsminerV3Client,
} from '../../src/adapters/miners/index.ts';
import { LenientJsonError } from '../../src/adapters/miners/transport/lenient-json.ts';
import {
  fixtureBytes,
  type RunningServer,
  startHttpFixtureServer,
  startTcpFixtureServer,
} from './fixture-server.ts';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('typed transport errors', () => {
  it('connection refused -> MinerUnreachableError with the socket error as cause', async () => {
    const port = await closedPort();
    const error = await caught(new AntminerStockClient({ host: '127.0.0.1', port }).read());
    expect(error).toBeInstanceOf(MinerUnreachableError);
    expect(error).toBeInstanceOf(MinerError);
    const typed = error as MinerUnreachableError;
    expect(typed.code).toBe('SY_ERR_MINER_UNREACHABLE');
    expect(typed.socketCode).toBe('ECONNREFUSED');
    expect(typed.endpoint).toBe(`127.0.0.1:${port}`);
    expect((typed.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('accepted but never answered -> MinerTimeoutError (read)', async () => {
    server = await startTcpFixtureServer({ framing: 'cgminer', respond: () => 'hang' });
    const started = Date.now();
    const error = await caught(
      new AntminerStockClient({ host: server.host, port: server.port, readTimeoutMs: 150 }).read(),
    );
    expect(error).toBeInstanceOf(MinerTimeoutError);
    expect((error as MinerTimeoutError).code).toBe('SY_ERR_MINER_TIMEOUT');
    expect((error as MinerTimeoutError).phase).toBe('read');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a reply that is not JSON even after repairs -> MinerProtocolError with the parse error as cause', async () => {
    server = await startTcpFixtureServer({
      framing: 'cgminer',
      respond: () => Buffer.from('Socket connect failed: nope\n'),
    });
    const error = await caught(new AntminerStockClient({ host: server.host, port: server.port }).read());
    expect(error).toBeInstanceOf(MinerProtocolError);
    const typed = error as MinerProtocolError;
    expect(typed.code).toBe('SY_ERR_MINER_PROTOCOL');
    expect(typed.excerpt).toContain('Socket connect failed');
    expect(typed.cause).toBeInstanceOf(LenientJsonError);
  });

  it('an empty reply (connection closed at once) -> MinerProtocolError', async () => {
    server = await startTcpFixtureServer({ framing: 'cgminer', respond: () => 'close' });
    const error = await caught(new LuxosClient({ host: server.host, port: server.port }).read());
    expect(error).toBeInstanceOf(MinerProtocolError);
    expect((error as Error).message).toMatch(/empty reply/);
  });

  it('an error STATUS on an essential command -> MinerCommandRefusedError with the miner code', async () => {
    server = await startTcpFixtureServer({
      framing: 'cgminer',
      combined: 'reject',
      respond: () =>
        Buffer.from(
          '{"STATUS":[{"STATUS":"E","When":1,"Code":45,"Msg":"Access denied to \'summary\' command"}],"id":1}\0',
        ),
    });
    const error = await caught(new AntminerStockClient({ host: server.host, port: server.port }).read());
    expect(error).toBeInstanceOf(MinerCommandRefusedError);
    expect((error as MinerCommandRefusedError).minerCode).toBe(45);
    expect((error as MinerCommandRefusedError).code).toBe('SY_ERR_MINER_COMMAND_REFUSED');
  });

  it('length-prefixed: an implausible length -> MinerProtocolError; a non-zero code -> refused', async () => {
    server = await startTcpFixtureServer({
      framing: 'raw',
      respond: () => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'),
    });
    const garbled = await caught(new WhatsminerV3Client({ host: server.host, port: server.port }).read());
    expect(garbled).toBeInstanceOf(MinerProtocolError);
    await server.close();
    server = await startTcpFixtureServer({
      framing: 'length-prefixed',
      respond: () => Buffer.from('{"code":-2,"msg":"invalid param","desc":"get.device.info"}'),
    });
    const refused = await caught(new WhatsminerV3Client({ host: server.host, port: server.port }).read());
    expect(refused).toBeInstanceOf(MinerCommandRefusedError);
    expect((refused as MinerCommandRefusedError).minerCode).toBe(-2);
  });

  it('HTTP: a 500 is a refusal, a non-HTTP answer a protocol error, a closed port unreachable', async () => {
    server = await startHttpFixtureServer({
      respond: () => ({ status: 500, body: Buffer.from('{"message":"bosminer is not running"}') }),
    });
    const refused = await caught(new BraiinsClient({ host: server.host, port: server.port }).read());
    expect(refused).toBeInstanceOf(MinerCommandRefusedError);
    expect((refused as MinerCommandRefusedError).minerCode).toBe(500);
    expect((refused as Error).message).toContain('bosminer is not running');
    await server.close();

    server = await startTcpFixtureServer({ framing: 'raw', respond: () => Buffer.from('not http at all\n') });
    const garbled = await caught(new BraiinsClient({ host: server.host, port: server.port }).read());
    expect(garbled).toBeInstanceOf(MinerProtocolError);
    await server.close();

    server = await startTcpFixtureServer({ framing: 'raw', respond: () => 'hang' });
    const silent = await caught(
      new BraiinsClient({ host: server.host, port: server.port, readTimeoutMs: 100 }).read(),
    );
    expect(silent).toBeInstanceOf(MinerTimeoutError);

    const port = await closedPort();
    expect(await caught(new BraiinsClient({ host: '127.0.0.1', port }).read())).toBeInstanceOf(
      MinerUnreachableError,
    );
  });

  it('HTTP: a body that is not JSON -> MinerProtocolError', async () => {
    server = await startHttpFixtureServer({
      respond: () => ({ status: 200, body: Buffer.from('<html>login</html>') }),
    });
    const error = await caught(new BraiinsClient({ host: server.host, port: server.port }).read());
    expect(error).toBeInstanceOf(MinerProtocolError);
  });

  it('a recorded fixture is reachable (sanity: the fixture directory resolves)', () => {
    expect(fixtureBytes('antminer/v2020/version.json').toString('utf8')).toContain('Antminer S19 Pro');
  });
});
