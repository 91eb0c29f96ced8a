import { request as httpRequest } from 'node:http';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';
import { MinerUnreachableError } from '../errors/miner-unreachable-error.ts';
import { type Endpoint, formatEndpoint, type Timeouts } from './endpoint.ts';
import { LenientJsonError, parseLenientJson, type WireDefect } from './lenient-json.ts';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH';

export interface HttpJsonResponse {
  readonly status: number;
  /** Parsed JSON body (`null` for an empty body). */
  readonly body: unknown;
  /** Body text, for error messages. */
  readonly text: string;
  readonly defects: readonly WireDefect[];
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * JSON over plain HTTP with separate connect and read timeouts and typed errors. No keep-alive: one
 * connection per request, like the TCP APIs. Non-2xx statuses are returned, not thrown; the client
 * decides (401 means log in again).
 */
export class HttpJsonTransport {
  readonly where: string;

  constructor(
    readonly endpoint: Endpoint,
    readonly timeouts: Timeouts,
  ) {
    this.where = formatEndpoint(endpoint);
  }

  request(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpJsonResponse> {
    const what = `${method} ${path}`;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise<HttpJsonResponse>((resolve, reject) => {
      let settled = false;
      let readTimer: NodeJS.Timeout | undefined;
      const finish = (outcome: { response: HttpJsonResponse } | { error: Error }) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(readTimer);
        req.destroy();
        if ('response' in outcome) resolve(outcome.response);
        else reject(outcome.error);
      };
      const req = httpRequest({
        host: this.endpoint.host,
        port: this.endpoint.port,
        method,
        path,
        agent: false,
        headers: {
          accept: 'application/json',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
          ...headers,
        },
      });
      const connectTimer = setTimeout(
        () =>
          finish({
            error: new MinerTimeoutError(this.where, 'connect', this.timeouts.connectTimeoutMs, what),
          }),
        this.timeouts.connectTimeoutMs,
      );
      req.once('socket', (socket) => {
        socket.once('connect', () => {
          clearTimeout(connectTimer);
          readTimer = setTimeout(
            () =>
              finish({ error: new MinerTimeoutError(this.where, 'read', this.timeouts.readTimeoutMs, what) }),
            this.timeouts.readTimeoutMs,
          );
        });
      });
      req.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code?.startsWith('HPE_')) {
          // Something answered, but not with HTTP.
          finish({
            error: new MinerProtocolError(this.where, what, `not an HTTP reply (${error.code})`, '', {
              cause: error,
            }),
          });
        } else if (error.code === 'ETIMEDOUT') {
          finish({
            error: new MinerTimeoutError(this.where, 'connect', this.timeouts.connectTimeoutMs, what, {
              cause: error,
            }),
          });
        } else {
          finish({ error: new MinerUnreachableError(this.where, error.code ?? null, { cause: error }) });
        }
      });
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            finish({
              error: new MinerProtocolError(this.where, what, `body larger than ${MAX_BODY_BYTES} bytes`, ''),
            });
            return;
          }
          chunks.push(chunk);
        });
        res.once('error', (error) =>
          finish({ error: new MinerUnreachableError(this.where, null, { cause: error }) }),
        );
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const { value, defects } = parseBody(text);
            finish({ response: { status: res.statusCode ?? 0, body: value, text, defects } });
          } catch (error) {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              // Error pages need not be JSON; hand the text to the client.
              finish({ response: { status, body: null, text, defects: [] } });
            } else {
              const problem = error instanceof LenientJsonError ? error.message : String(error);
              finish({
                error: new MinerProtocolError(this.where, what, `not JSON (${problem})`, excerptOf(text), {
                  cause: error,
                }),
              });
            }
          }
        });
      });
      req.end(payload);
    });
  }
}

function parseBody(text: string): { value: unknown; defects: readonly WireDefect[] } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, defects: [] };
  if (/^(true|false|null|-?\d+(\.\d+)?)$/.test(trimmed)) return { value: JSON.parse(trimmed), defects: [] };
  return parseLenientJson(text);
}
