import { Agent, type ClientRequest, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';
import { MinerUnreachableError } from '../errors/miner-unreachable-error.ts';
import type { Endpoint } from './endpoint.ts';

export interface HttpExchangeRequest {
  readonly endpoint: Endpoint;
  /** `host:port`, for error messages. */
  readonly where: string;
  readonly method: string;
  readonly path: string;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  readonly headers: Record<string, string>;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly maxBodyBytes: number;
}

export interface HttpExchangeResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * How long an idle connection to a miner is kept for the next request, ms: below the idle timeouts
 * of the miners' web servers (lighttpd and most embedded servers close after 5 s; a server's own
 * `Keep-Alive: timeout=` hint shortens it further), so a reused connection is rarely one the miner
 * is closing.
 */
export const IDLE_CONNECTION_MS = 4_000;

/**
 * Keep-alive connections shared by every HTTP miner client of the process: the requests of one
 * reading (Braiins' REST calls, a Digest challenge and its answer) go over one connection rather
 * than one each. At most one idle connection per miner.
 */
const keepAliveAgent = new Agent({
  keepAlive: true,
  maxFreeSockets: 1,
  timeout: IDLE_CONNECTION_MS,
  scheduling: 'lifo',
});

/**
 * One plain HTTP/1.1 request, over a kept-alive connection to the miner when one is idle (else a new
 * one), with separate connect and read timeouts and typed errors. A reused connection the miner
 * closed meanwhile (reset before any reply) is retried once on a new connection. Any status is
 * returned; the caller decides.
 */
export async function httpExchange(request: HttpExchangeRequest): Promise<HttpExchangeResponse> {
  try {
    return await exchangeOnce(request);
  } catch (error) {
    if (error instanceof StaleConnectionError) return exchangeOnce(request);
    throw error;
  }
}

/** A kept-alive connection failed before any reply (the miner had closed it): worth one retry. */
class StaleConnectionError extends Error {}

function exchangeOnce(request: HttpExchangeRequest): Promise<HttpExchangeResponse> {
  const { where, method, path, connectTimeoutMs, readTimeoutMs, maxBodyBytes } = request;
  const what = `${method} ${path}`;
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8');
  return new Promise<HttpExchangeResponse>((resolve, reject) => {
    let settled = false;
    let answered = false;
    let readTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: { response: HttpExchangeResponse } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      // A whole response leaves the connection to the agent for the next request; anything else
      // (timeout, error, oversized body) closes it.
      if ('response' in outcome) resolve(outcome.response);
      else {
        req.destroy();
        reject(outcome.error);
      }
    };
    const startReadTimer = () => {
      clearTimeout(connectTimer);
      readTimer = setTimeout(
        () => finish({ error: new MinerTimeoutError(where, 'read', readTimeoutMs, what) }),
        readTimeoutMs,
      );
    };
    const req: ClientRequest = httpRequest({
      host: request.endpoint.host,
      port: request.endpoint.port,
      method,
      path,
      agent: keepAliveAgent,
      headers: {
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        ...request.headers,
      },
    });
    const connectTimer = setTimeout(
      () => finish({ error: new MinerTimeoutError(where, 'connect', connectTimeoutMs, what) }),
      connectTimeoutMs,
    );
    req.once('socket', (socket) => {
      // A kept-alive connection is connected already.
      if (socket.connecting) socket.once('connect', startReadTimer);
      else startReadTimer();
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      if (req.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
        finish({ error: new StaleConnectionError(error.message) });
      } else if (error.code?.startsWith('HPE_')) {
        // Something answered, but not with HTTP.
        finish({
          error: new MinerProtocolError(where, what, `not an HTTP reply (${error.code})`, '', {
            cause: error,
          }),
        });
      } else if (error.code === 'ETIMEDOUT') {
        finish({ error: new MinerTimeoutError(where, 'connect', connectTimeoutMs, what, { cause: error }) });
      } else {
        finish({ error: new MinerUnreachableError(where, error.code ?? null, { cause: error }) });
      }
    });
    req.once('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          finish({
            error: new MinerProtocolError(where, what, `body larger than ${maxBodyBytes} bytes`, ''),
          });
          return;
        }
        chunks.push(chunk);
      });
      res.once('error', (error) =>
        finish({ error: new MinerUnreachableError(where, null, { cause: error }) }),
      );
      res.once('end', () =>
        finish({
          response: {
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          },
        }),
      );
    });
    req.end(payload);
  });
}
