import {
  constants,
  createServer,
  type Http2Server,
  type Http2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import {
  frameMessage,
  GRPC_CONTENT_TYPE,
  unframeMessage,
} from '../../../adapters/miners/braiins-grpc/grpc-frame.ts';
import type { EmulatedMiner } from '../emulated-miner.ts';
import type { ConnectionRegistry } from './connection-registry.ts';

const MAX_BODY_BYTES = 1024 * 1024;

/** One unary gRPC call as a firmware sees it: the method path, the request metadata and message. */
export interface GrpcCall {
  readonly path: string;
  readonly metadata: Readonly<Record<string, string | string[] | undefined>>;
  readonly message: Buffer;
}

/** The answer: gRPC status 0 with a message, or a non-zero status and its text. */
export type GrpcReply =
  | { readonly status: 0; readonly message: Buffer }
  | { readonly status: number; readonly error: string };

export interface GrpcFirmware {
  respond(call: GrpcCall): GrpcReply;
}

function answer(stream: ServerHttp2Stream, reply: GrpcReply): void {
  if (stream.destroyed || stream.closed) return;
  if (reply.status !== 0 || !('message' in reply)) {
    // Trailers-only response: the status in the one HEADERS frame.
    stream.respond(
      {
        ':status': 200,
        'content-type': GRPC_CONTENT_TYPE,
        'grpc-status': String(reply.status),
        'grpc-message': encodeURIComponent('error' in reply ? reply.error : 'error'),
      },
      { endStream: true },
    );
    return;
  }
  stream.respond({ ':status': 200, 'content-type': GRPC_CONTENT_TYPE }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frameMessage(reply.message));
}

/** An HTTP/2 server that can drop its sessions, so closing it does not wait for idle clients. */
export type GrpcServer = Http2Server & { closeAllConnections(): void };

/**
 * gRPC over plaintext HTTP/2 (h2c), unary calls only, as Braiins OS serves its public API on 50051.
 * The emulated network applies per call: a dropped call is reset, a timed-out one never answered.
 */
export function createGrpcServer(
  miner: EmulatedMiner,
  firmware: GrpcFirmware,
  registry: ConnectionRegistry,
): GrpcServer {
  const sessions = new Set<Http2Session>();
  const server = Object.assign(createServer(), {
    closeAllConnections: () => {
      for (const session of sessions) session.destroy();
    },
  });
  server.on('connection', (socket) => registry.track(socket));
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('sessionError', () => undefined);
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) stream.close(constants.NGHTTP2_REFUSED_STREAM);
      else chunks.push(chunk);
    });
    stream.on('end', () => {
      const fate = miner.networkFate();
      if (fate === 'drop') return stream.close(constants.NGHTTP2_CANCEL);
      if (fate === 'timeout') return;
      const path = String(headers[':path'] ?? '');
      if (
        headers[':method'] !== 'POST' ||
        !String(headers['content-type'] ?? '').startsWith(GRPC_CONTENT_TYPE)
      ) {
        stream.respond({ ':status': 415 }, { endStream: true });
        return;
      }
      let message: Buffer;
      try {
        message = unframeMessage(Buffer.concat(chunks));
      } catch (error) {
        answer(stream, { status: 13, error: error instanceof Error ? error.message : 'bad frame' });
        return;
      }
      answer(stream, firmware.respond({ path, metadata: headers, message }));
    });
  });
  return server;
}
