import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { minerFixturesDir } from './fixtures-dir.ts';

/** The exact bytes of a recorded reply, e.g. `fixtureBytes('antminer/v2020/summary.json')`. */
export function fixtureBytes(relativePath: string): Buffer {
  return readFileSync(join(minerFixturesDir(), relativePath));
}

/** A recorded reply parsed, for tests that build a changed reply from a real one. */
export function fixtureJson(relativePath: string): Record<string, unknown> {
  return JSON.parse(fixtureBytes(relativePath).toString('utf8')) as Record<string, unknown>;
}

/** One request as the server understood it. */
export interface MinerRequest {
  /** cgminer `command`, btminer v3 `cmd`, or `METHOD /path` for HTTP. */
  readonly command: string;
  /** cgminer `parameter`, v3 `param` (as JSON text if not a string), or the HTTP body text. */
  readonly parameter: string | null;
  /** The parsed request object (null for HTTP GET). */
  readonly raw: Record<string, unknown> | null;
  readonly headers?: Record<string, string | string[] | undefined>;
}

/**
 * What to send back: bytes (exactly as given), `close` (hang up without a byte), `hang` (accept and
 * never answer), or `null` for the dialect's "unknown command" reply.
 */
export type Reply = Buffer | 'close' | 'hang' | null;

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: MinerRequest[];
  close(): Promise<void>;
}

export interface TcpServerOptions {
  /**
   * `cgminer`: JSON in, reply then close. `length-prefixed`: 4-byte LE length + JSON both ways.
   * `raw`: answers the first bytes received, whatever they are (for garbage-speaking fakes).
   */
  readonly framing: 'cgminer' | 'length-prefixed' | 'raw';
  readonly respond: (request: MinerRequest) => Reply;
  /** Appended to every cgminer reply, e.g. a NUL byte as real cgminer sends. Default: nothing. */
  readonly suffix?: Buffer;
  /** cgminer "a+b" commands: build `{"a":[<reply a>],"b":[<reply b>]}` (default) or refuse them. */
  readonly combined?: 'compose' | 'reject';
}

const INVALID_COMMAND = Buffer.from(
  '{"STATUS":[{"STATUS":"E","When":1700000000,"Code":14,"Msg":"Invalid command","Description":"fixture server"}],"id":1}',
);

/**
 * A TCP replay server: answers each request with the bytes `respond` picks, exactly as stored (with
 * their defects, if any), then closes the connection like cgminer does. Listens on 127.0.0.1, a free port.
 */
export async function startTcpFixtureServer(options: TcpServerOptions): Promise<RunningServer> {
  const requests: MinerRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      buffer = Buffer.concat([buffer, chunk]);
      const request =
        options.framing === 'raw'
          ? { command: '', parameter: null, raw: null }
          : options.framing === 'cgminer'
            ? readCgminerRequest(buffer)
            : readFramedRequest(buffer, socket);
      if (!request) return;
      answered = true;
      requests.push(request);
      const reply =
        options.framing === 'cgminer' && request.command.includes('+')
          ? combinedReply(request, options)
          : options.respond(request);
      if (reply === 'hang') return;
      if (reply === 'close') {
        socket.destroy();
        return;
      }
      const bytes =
        reply ?? (options.framing === 'length-prefixed' ? v3Unknown(request.command) : INVALID_COMMAND);
      if (options.framing !== 'length-prefixed') {
        socket.end(Buffer.concat([bytes, options.suffix ?? Buffer.alloc(0)]));
      } else {
        const header = Buffer.alloc(4);
        header.writeUInt32LE(bytes.length, 0);
        socket.end(Buffer.concat([header, bytes]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readCgminerRequest(buffer: Buffer): MinerRequest | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(buffer.toString('utf8')) as Record<string, unknown>;
  } catch {
    return null; // wait for the rest
  }
  const parameter = raw.parameter;
  return {
    command: String(raw.command ?? raw.cmd ?? ''),
    parameter: parameter === undefined || parameter === null ? null : String(parameter),
    raw,
  };
}

function readFramedRequest(buffer: Buffer, socket: Socket): MinerRequest | null {
  if (buffer.length < 4) return null;
  const length = buffer.readUInt32LE(0);
  if (length > 1024 * 1024) {
    // Not our framing (e.g. a cgminer probe): hang up like the real API does.
    socket.destroy();
    return null;
  }
  if (buffer.length < 4 + length) return null;
  const raw = JSON.parse(buffer.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>;
  const param = raw.param;
  return {
    command: String(raw.cmd ?? raw.command ?? ''),
    parameter:
      param === undefined || param === null
        ? null
        : typeof param === 'string'
          ? param
          : JSON.stringify(param),
    raw,
  };
}

function combinedReply(request: MinerRequest, options: TcpServerOptions): Reply {
  if (options.combined === 'reject') return INVALID_COMMAND;
  const commands = request.command.split('+');
  const replies = commands.map((command) => options.respond({ command, parameter: null, raw: { command } }));
  // A fake that hangs up or stays silent does so for the whole request.
  const drastic = replies.find((reply) => reply === 'hang' || reply === 'close');
  if (drastic) return drastic;
  const parts = commands.map((command, i) => {
    const reply = replies[i];
    const text = Buffer.isBuffer(reply)
      ? reply.toString('utf8').replace(/\0/g, '').trim()
      : INVALID_COMMAND.toString('utf8');
    return `${JSON.stringify(command)}:[${text}]`;
  });
  return Buffer.from(`{${parts.join(',')},"id":1}`);
}

function v3Unknown(command: string): Buffer {
  return Buffer.from(JSON.stringify({ code: -1, msg: 'invalid command', desc: command }));
}

export interface HttpServerOptions {
  /** Answers `METHOD /path`; `null` is a 404. */
  readonly respond: (request: MinerRequest) => { status: number; body: Buffer } | null;
}

/** An HTTP replay server on 127.0.0.1 for REST dialects (Braiins OS). */
export async function startHttpFixtureServer(options: HttpServerOptions): Promise<RunningServer> {
  const requests: MinerRequest[] = [];
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let raw: Record<string, unknown> | null = null;
      try {
        raw = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      } catch {
        raw = null;
      }
      const request: MinerRequest = {
        command: `${req.method} ${req.url}`,
        parameter: text || null,
        raw,
        headers: req.headers,
      };
      requests.push(request);
      const reply = options.respond(request);
      const status = reply?.status ?? 404;
      const body = reply?.body ?? Buffer.from('{"message":"not found"}');
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': body.length,
        connection: 'close',
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
