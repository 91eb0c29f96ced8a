import { createServer as createHttp1Server } from 'node:http';
import { createServer as createHttp2Server, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { frameMessage } from '../../src/adapters/miners/braiins-grpc/grpc-frame.ts';
import {
  BraiinsGrpcClient,
  detectDialect,
  MinerCommandRefusedError,
  MinerError,
  MinerProtocolError,
  MinerTimeoutError,
  UnknownDialectError,
  UnsupportedCommandError,
} from '../../src/adapters/miners/index.ts';
import { EmulatedMiner, MinerEmulatorHost, type MinerEndpoint } from '../../src/sim/index.ts';

// Built to the published protos of braiins/bos-plus-api (no recorded gRPC reply exists): the client
// against the emulator over real gRPC on loopback, and against raw HTTP/2 servers that answer wrong.
const fast = { connectTimeoutMs: 1_000, readTimeoutMs: 1_000 };
const verify = { attempts: 80, intervalMs: 10 };
const S21 = { model: 'Antminer S21', hashrateThs: 200, powerW: 3500 };

let host: MinerEmulatorHost;
let seed = 900;
beforeAll(() => {
  host = new MinerEmulatorHost({ tickMs: 50 });
});
afterAll(async () => {
  await host.close();
});

async function emulated(): Promise<{ miner: EmulatedMiner; endpoint: MinerEndpoint }> {
  seed += 1;
  const miner = EmulatedMiner.create({
    spec: S21,
    powerRangeW: { minW: 2400, maxW: 3500 },
    now: () => Date.now(),
    timeScale: 0.005,
    seed,
  });
  const endpoint = await host.add(miner, { id: `grpc-${seed}`, dialect: 'braiins-grpc' });
  return { miner, endpoint };
}

describe('Braiins gRPC against the emulator', () => {
  it('detection without a port reaches gRPC last, on the port given for it', async () => {
    const { endpoint } = await emulated();
    const found = await detectDialect(endpoint.host, undefined, {
      ...fast,
      ports: { cgminer: 1, whatsminerV3: 1, http: 1, grpc: endpoint.port },
    });
    expect(found).toMatchObject({ dialect: 'braiins-grpc', port: endpoint.port });
    expect(found.firmware).toBe('Braiins OS public API 1.11.0');
    expect(found.attempts.map((a) => a.transport)).toEqual(['cgminer', 'length-prefixed', 'http', 'grpc']);
  });

  it('reads details, stats, boards, fans, pools and the tuner target', async () => {
    const { endpoint } = await emulated();
    const reading = await new BraiinsGrpcClient({ ...fast, host: endpoint.host, port: endpoint.port }).read();
    expect(reading).toMatchObject({
      dialect: 'braiins-grpc',
      model: 'Antminer S21',
      firmware: '2025-08-06-0-3881c51d-25.07-plus',
      state: 'hashing',
      powerSource: 'firmware-estimate',
      powerTargetW: 3500,
      errors: [],
      warnings: [],
    });
    expect(reading.boards!.map((board) => board.chips)).toEqual([
      reading.boards![0]!.chips,
      reading.boards![0]!.chips,
      reading.boards![0]!.chips,
    ]);
    expect(reading.boards![0]!.chips).toBeGreaterThan(0);
    expect(reading.pools).toHaveLength(3);
    expect(Math.abs(reading.hashrate5sThs! - 200) / 200).toBeLessThan(0.03);
  });

  it('a hashrate target is set, confirmed by the tuner state, and the miner follows', async () => {
    const { miner, endpoint } = await emulated();
    const client = new BraiinsGrpcClient({ ...fast, verify, host: endpoint.host, port: endpoint.port });
    const result = await client.setHashrateTarget(180);
    expect(result.applied).toBe(true);
    expect(miner.controls()).toContain('SetHashrateTarget 180');
    expect(miner.powerTargetW).toBeLessThan(3500);
    await expect(client.setHashrateTarget(1000)).rejects.toBeInstanceOf(UnsupportedCommandError);
  });

  it('a stopped bosminer reads off, and wake starts it (Start, not ResumeMining)', async () => {
    const { miner, endpoint } = await emulated();
    const client = new BraiinsGrpcClient({ ...fast, verify, host: endpoint.host, port: endpoint.port });
    await client.call('stop');
    await expect.poll(async () => (await client.read()).state, { timeout: 3_000, interval: 20 }).toBe('off');
    const woken = await client.wake();
    expect(woken.applied).toBe(true);
    expect(miner.controls()).toContain('Start');
    expect(miner.controls()).not.toContain('ResumeMining');
  });

  it('a wrong password is refused with the gRPC status', async () => {
    const { endpoint } = await emulated();
    const client = new BraiinsGrpcClient({
      ...fast,
      host: endpoint.host,
      port: endpoint.port,
      password: 'no',
    });
    const error = await client.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinerCommandRefusedError);
    expect((error as MinerCommandRefusedError).minerCode).toBe(16);
  });
});

/** An HTTP/2 server whose every call is answered by `answer`. */
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function rawGrpc(answer: (stream: ServerHttp2Stream, path: string) => void): Promise<number> {
  const server: Http2Server = createHttp2Server();
  const sessions = new Set<import('node:http2').Http2Session>();
  server.on('session', (session) => sessions.add(session));
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    stream.resume();
    stream.on('end', () => answer(stream, String(headers[':path'])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () =>
      new Promise((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  });
  return (server.address() as AddressInfo).port;
}

const ok = (
  stream: ServerHttp2Stream,
  body: Buffer,
  trailers: Record<string, string> = { 'grpc-status': '0' },
) => {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers(trailers));
  stream.end(body);
};

describe('malformed gRPC replies end in typed miner errors', () => {
  const loginReply = frameMessage(Buffer.from([0x0a, 0x02, 0x74, 0x6b])); // token "tk"
  const cases: [
    string,
    (stream: ServerHttp2Stream, path: string) => void,
    new (...a: never[]) => MinerError,
  ][] = [
    [
      'an HTTP 404 instead of gRPC',
      (s) => s.respond({ ':status': 404 }, { endStream: true }),
      MinerProtocolError,
    ],
    ['no grpc-status', (s) => ok(s, loginReply, {}), MinerProtocolError],
    ['a frame longer than its body', (s) => ok(s, Buffer.from([0, 0, 0, 0, 9, 0x0a])), MinerProtocolError],
    ['a compressed frame', (s) => ok(s, Buffer.from([1, 0, 0, 0, 0])), MinerProtocolError],
    [
      'a field of the wrong wire type',
      (s) => ok(s, frameMessage(Buffer.from([0x08, 0x01]))),
      MinerProtocolError,
    ],
    ['a stream reset', (s) => s.close(2), MinerProtocolError],
    ['no answer at all', () => undefined, MinerTimeoutError],
    [
      'UNIMPLEMENTED',
      (s) =>
        s.respond(
          {
            ':status': 200,
            'content-type': 'application/grpc',
            'grpc-status': '12',
            'grpc-message': 'nope%20here',
          },
          { endStream: true },
        ),
      MinerCommandRefusedError,
    ],
  ];

  it.each(cases)('%s', async (_name, answer, type) => {
    const port = await rawGrpc(answer);
    const client = new BraiinsGrpcClient({
      host: '127.0.0.1',
      port,
      connectTimeoutMs: 500,
      readTimeoutMs: 300,
    });
    const error = await client.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
  });

  it('after a good login, a details reply of the wrong shape is a protocol error naming the message', async () => {
    const port = await rawGrpc((stream, path) =>
      ok(stream, path.endsWith('/Login') ? loginReply : frameMessage(Buffer.from([0x12, 0x01, 0x00, 0x0a]))),
    );
    const error = await new BraiinsGrpcClient({ host: '127.0.0.1', port, ...fast })
      .read()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinerProtocolError);
    expect((error as MinerProtocolError).problem).toMatch(/GetMinerDetails.*not a GetMinerDetailsResponse/);
  });

  it('an HTTP/1.1 server on the gRPC port is a protocol error, and detection names no dialect', async () => {
    const server = createHttp1Server((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise((resolve) => server.close(() => resolve())) });
    const port = (server.address() as AddressInfo).port;
    const error = await new BraiinsGrpcClient({ host: '127.0.0.1', port, ...fast })
      .read()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinerError);
    const grpcOnly = await rawGrpc((stream) =>
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12' },
        { endStream: true },
      ),
    );
    const found = await detectDialect('127.0.0.1', grpcOnly, { ...fast, ports: { grpc: grpcOnly } }).catch(
      (e: unknown) => e,
    );
    expect(found).toBeInstanceOf(UnknownDialectError);
  });
});
