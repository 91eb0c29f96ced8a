import { connect } from 'node:net';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';
import { MinerUnreachableError } from '../errors/miner-unreachable-error.ts';
import { type Endpoint, formatEndpoint, type Timeouts } from './endpoint.ts';

/** How the reply ended: a complete frame, the peer closing the connection, or the read timeout. */
export type ReplyEnd = 'complete' | 'eof' | 'timeout';

export interface TcpReply {
  readonly bytes: Buffer;
  readonly end: ReplyEnd;
}

export const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/**
 * Opens a TCP connection, writes `request`, and collects the reply until `isComplete` says it is whole,
 * the peer closes, or `readTimeoutMs` (counted from the connection) runs out. A timeout with some bytes
 * returns them with `end: 'timeout'`; the caller decides whether they are usable. Errors are typed:
 * `MinerUnreachableError`, `MinerTimeoutError` (connect, or read with nothing received),
 * `MinerProtocolError` (reply larger than `maxBytes`). The connection is always closed.
 */
export function tcpExchange(
  endpoint: Endpoint,
  request: Buffer,
  timeouts: Timeouts,
  what: string,
  isComplete: (bytes: Buffer) => boolean,
  maxBytes = MAX_REPLY_BYTES,
): Promise<TcpReply> {
  const where = formatEndpoint(endpoint);
  return new Promise<TcpReply>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let connected = false;
    let settled = false;
    let readTimer: NodeJS.Timeout | undefined;
    // One write per connection: Nagle never delays it, so no setsockopt for TCP_NODELAY.
    const socket = connect({ host: endpoint.host, port: endpoint.port });

    const finish = (outcome: { reply: TcpReply } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      socket.removeAllListeners('data');
      socket.destroy();
      if ('reply' in outcome) resolve(outcome.reply);
      else reject(outcome.error);
    };
    // Most replies come in one chunk: no copy then.
    const bytes = () => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));

    const connectTimer = setTimeout(() => {
      finish({ error: new MinerTimeoutError(where, 'connect', timeouts.connectTimeoutMs, what) });
    }, timeouts.connectTimeoutMs);

    socket.once('connect', () => {
      connected = true;
      clearTimeout(connectTimer);
      readTimer = setTimeout(() => {
        if (received === 0) {
          finish({ error: new MinerTimeoutError(where, 'read', timeouts.readTimeoutMs, what) });
        } else {
          finish({ reply: { bytes: bytes(), end: 'timeout' } });
        }
      }, timeouts.readTimeoutMs);
      socket.write(request);
    });

    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > maxBytes) {
        const head = bytes().subarray(0, 160).toString('latin1');
        finish({
          error: new MinerProtocolError(where, what, `reply larger than ${maxBytes} bytes`, head),
        });
        return;
      }
      if (isComplete(bytes())) finish({ reply: { bytes: bytes(), end: 'complete' } });
    });

    socket.once('end', () => finish({ reply: { bytes: bytes(), end: 'eof' } }));
    socket.once('close', () => finish({ reply: { bytes: bytes(), end: 'eof' } }));

    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? null;
      if (connected && received > 0) {
        // Reset after a partial reply: hand over what came; the parser reports the truncation.
        finish({ reply: { bytes: bytes(), end: 'eof' } });
      } else if (code === 'ETIMEDOUT') {
        finish({
          error: new MinerTimeoutError(where, 'connect', timeouts.connectTimeoutMs, what, { cause: error }),
        });
      } else {
        // ECONNREFUSED, EHOSTUNREACH, ENOTFOUND, ECONNRESET before any byte, ...
        finish({ error: new MinerUnreachableError(where, code, { cause: error }) });
      }
    });
  });
}
