import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
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
 * One plain HTTP/1.1 request on its own connection (no keep-alive, like the TCP APIs), with separate
 * connect and read timeouts and typed errors. Any status is returned; the caller decides.
 */
export function httpExchange(request: HttpExchangeRequest): Promise<HttpExchangeResponse> {
  const { where, method, path, connectTimeoutMs, readTimeoutMs, maxBodyBytes } = request;
  const what = `${method} ${path}`;
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8');
  return new Promise<HttpExchangeResponse>((resolve, reject) => {
    let settled = false;
    let readTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: { response: HttpExchangeResponse } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      req.destroy();
      if ('response' in outcome) resolve(outcome.response);
      else reject(outcome.error);
    };
    const req = httpRequest({
      host: request.endpoint.host,
      port: request.endpoint.port,
      method,
      path,
      agent: false,
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
      socket.once('connect', () => {
        clearTimeout(connectTimer);
        readTimer = setTimeout(
          () => finish({ error: new MinerTimeoutError(where, 'read', readTimeoutMs, what) }),
          readTimeoutMs,
        );
      });
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code?.startsWith('HPE_')) {
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
