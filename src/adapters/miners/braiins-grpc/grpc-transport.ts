import { type ClientHttp2Session, connect, constants, type IncomingHttpHeaders } from 'node:http2';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';
import { MinerUnreachableError } from '../errors/miner-unreachable-error.ts';
import { type Endpoint, formatEndpoint, type Timeouts } from '../transport/endpoint.ts';
import type { BosMethod } from './bos-v1-schema.ts';
import { decodeGrpcMessage, frameMessage, GRPC_CONTENT_TYPE, unframeMessage } from './grpc-frame.ts';
import { decodeMessage, encodeMessage, ProtobufError } from './protobuf-wire.ts';

/** Replies larger than this are not a Braiins status message. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;
/** An idle HTTP/2 session to a miner is closed after this, ms. */
const IDLE_SESSION_MS = 4_000;

/**
 * Unary gRPC calls over plaintext HTTP/2 (h2c, as Braiins OS serves port 50051), one session per miner
 * kept while calls follow each other. Typed errors: unreachable, connect/read timeout, a non-zero
 * `grpc-status` (`MinerCommandRefusedError`, `minerCode` = the gRPC status), and anything that is not
 * one well-formed message of the method's type (`MinerProtocolError`).
 */
export class GrpcTransport {
  readonly where: string;
  private session: ClientHttp2Session | null = null;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly timeouts: Timeouts,
  ) {
    this.where = formatEndpoint(endpoint);
  }

  async call(
    method: BosMethod,
    request: Record<string, unknown>,
    metadata: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    const session = await this.open();
    const { headers, trailers, body } = await this.exchange(session, method, request, metadata);
    const status = headers[':status'];
    if (status === undefined) {
      throw new MinerProtocolError(this.where, method.path, 'no HTTP/2 response (not a gRPC server)', '');
    }
    if (Number(status) !== 200) {
      throw new MinerProtocolError(this.where, method.path, `HTTP status ${status}, not gRPC`, '');
    }
    const grpcStatus = trailers['grpc-status'] ?? headers['grpc-status'];
    if (grpcStatus === undefined) {
      throw new MinerProtocolError(
        this.where,
        method.path,
        'no grpc-status in the reply',
        excerptOf(body.toString('latin1')),
      );
    }
    const code = Number(grpcStatus);
    if (code !== 0) {
      const message = String(trailers['grpc-message'] ?? headers['grpc-message'] ?? '');
      throw new MinerCommandRefusedError(
        this.where,
        method.path,
        Number.isInteger(code) ? code : null,
        decodeGrpcMessage(message) || `gRPC status ${grpcStatus}`,
      );
    }
    try {
      return decodeMessage(method.response, unframeMessage(body));
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      throw new MinerProtocolError(
        this.where,
        method.path,
        error instanceof ProtobufError ? `not a ${method.response.name}: ${problem}` : problem,
        excerptOf(body.toString('hex'), 80),
        { cause: error },
      );
    }
  }

  /** Closes the session (idle sessions also close by themselves). */
  close(): void {
    this.session?.close();
    this.session = null;
  }

  private open(): Promise<ClientHttp2Session> {
    const cached = this.session;
    if (cached && !cached.closed && !cached.destroyed) return Promise.resolve(cached);
    const { host, port } = this.endpoint;
    const authority = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new Promise((resolve, reject) => {
      const session = connect(authority);
      const timer = setTimeout(() => {
        session.destroy();
        reject(new MinerTimeoutError(this.where, 'connect', this.timeouts.connectTimeoutMs, 'connect'));
      }, this.timeouts.connectTimeoutMs);
      session.once('connect', () => {
        clearTimeout(timer);
        session.unref();
        session.setTimeout(IDLE_SESSION_MS, () => session.close());
        session.on('error', () => undefined);
        session.once('close', () => {
          if (this.session === session) this.session = null;
        });
        this.session = session;
        resolve(session);
      });
      session.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        session.destroy();
        const code = error.code ?? null;
        if (
          code &&
          /^E(CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN|ADDRNOTAVAIL)/.test(code)
        ) {
          reject(new MinerUnreachableError(this.where, code, { cause: error }));
        } else {
          reject(new MinerProtocolError(this.where, 'HTTP/2 connect', error.message, '', { cause: error }));
        }
      });
    });
  }

  private exchange(
    session: ClientHttp2Session,
    method: BosMethod,
    request: Record<string, unknown>,
    metadata: Record<string, string>,
  ): Promise<{ headers: IncomingHttpHeaders; trailers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': method.path,
        'content-type': GRPC_CONTENT_TYPE,
        te: 'trailers',
        ...metadata,
      });
      let headers: IncomingHttpHeaders = {};
      let trailers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (error: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          stream.close(constants.NGHTTP2_CANCEL);
          reject(error);
        } else {
          resolve({ headers, trailers, body: Buffer.concat(chunks) });
        }
      };
      const timer = setTimeout(() => {
        this.close();
        finish(new MinerTimeoutError(this.where, 'read', this.timeouts.readTimeoutMs, method.path));
      }, this.timeouts.readTimeoutMs);
      stream.on('response', (h) => {
        headers = h;
      });
      stream.on('trailers', (t) => {
        trailers = t;
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
        if (size > MAX_REPLY_BYTES) {
          finish(new MinerProtocolError(this.where, method.path, `reply over ${MAX_REPLY_BYTES} bytes`, ''));
        }
      });
      stream.on('end', () => finish(null));
      stream.on('error', (error) =>
        finish(
          new MinerProtocolError(this.where, method.path, `stream failed: ${error.message}`, '', {
            cause: error,
          }),
        ),
      );
      stream.on('close', () => {
        if (!settled && stream.rstCode !== constants.NGHTTP2_NO_ERROR) {
          finish(
            new MinerProtocolError(this.where, method.path, `stream reset (code ${stream.rstCode})`, ''),
          );
        } else finish(null);
      });
      stream.end(frameMessage(encodeMessage(method.request, request)));
    });
  }
}
