import type { IncomingHttpHeaders } from 'node:http';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { type Endpoint, formatEndpoint, type Timeouts } from './endpoint.ts';
import { httpExchange } from './http-exchange.ts';
import { LenientJsonError, parseLenientJson, type WireDefect } from './lenient-json.ts';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH';

export interface HttpJsonResponse {
  readonly status: number;
  /** Parsed JSON body (`null` for an empty body). */
  readonly body: unknown;
  /** Body text, for error messages. */
  readonly text: string;
  readonly defects: readonly WireDefect[];
  /** Response headers (lower-case names). */
  readonly headers?: IncomingHttpHeaders;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * JSON over plain HTTP with separate connect and read timeouts and typed errors, over kept-alive
 * connections (httpExchange: a reading's several requests share one). Non-2xx statuses are returned, not thrown; the client
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

  async request(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpJsonResponse> {
    const {
      status,
      text,
      headers: responseHeaders,
    } = await httpExchange({
      endpoint: this.endpoint,
      where: this.where,
      method,
      path,
      body,
      headers: { accept: 'application/json', ...headers },
      connectTimeoutMs: this.timeouts.connectTimeoutMs,
      readTimeoutMs: this.timeouts.readTimeoutMs,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    try {
      const { value, defects } = parseBody(text);
      return { status, body: value, text, defects, headers: responseHeaders };
    } catch (error) {
      // Error pages need not be JSON; hand the text to the client.
      if (status < 200 || status >= 300) {
        return { status, body: null, text, defects: [], headers: responseHeaders };
      }
      const problem = error instanceof LenientJsonError ? error.message : String(error);
      throw new MinerProtocolError(
        this.where,
        `${method} ${path}`,
        `not JSON (${problem})`,
        excerptOf(text),
        {
          cause: error,
        },
      );
    }
  }
}

function parseBody(text: string): { value: unknown; defects: readonly WireDefect[] } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, defects: [] };
  if (/^(true|false|null|-?\d+(\.\d+)?)$/.test(trimmed)) return { value: JSON.parse(trimmed), defects: [] };
  return parseLenientJson(text);
}
