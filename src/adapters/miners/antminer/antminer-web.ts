import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { asObject, asText, type JsonObject } from '../reading/json-values.ts';
import { type Endpoint, formatEndpoint, type Timeouts } from '../transport/endpoint.ts';
import { type HttpExchangeResponse, httpExchange } from '../transport/http-exchange.ts';
import { LenientJsonError, parseLenientJson } from '../transport/lenient-json.ts';
import { type DigestChallenge, digestAuthorization, parseDigestChallenge } from './http-digest.ts';

/** Work modes of stock Bitmain firmware (`bitmain-work-mode` on read, `miner-mode` on write). */
export const WORK_MODE = { normal: 0, sleep: 1, low: 3 } as const;

/**
 * `set_miner_conf.cgi` rewrites the config and restarts bmminer before it answers; on some firmware
 * that takes ~20 s. Its read timeout is at least this, ms.
 */
export const SET_CONF_READ_TIMEOUT_MS = 30_000;

const MAX_BODY_BYTES = 1024 * 1024;

type WebResponse = HttpExchangeResponse;

/**
 * The work mode a `get_miner_conf.cgi` reply states: `bitmain-work-mode` (what the firmware reports),
 * else `miner-mode`; as a number, or `null` when absent or not a number (`""` on some builds).
 */
export function workModeOf(config: JsonObject): number | null {
  for (const key of ['bitmain-work-mode', 'miner-mode']) {
    const text = asText(config[key]);
    if (text !== null && /^\d+$/.test(text)) return Number(text);
  }
  return null;
}

/**
 * The config to post to `set_miner_conf.cgi` for `mode`: the config exactly as read (pools, fan,
 * frequency, API settings, key order), with only the work mode changed: `miner-mode` (a number, the
 * field the CGI acts on) and, when the read config carries `bitmain-work-mode`, that field set to the
 * same mode in the type it was read in, so the posted config never states two different modes.
 */
export function withWorkMode(config: JsonObject, mode: number): JsonObject {
  const next: JsonObject = { ...config };
  if ('bitmain-work-mode' in config) {
    next['bitmain-work-mode'] = typeof config['bitmain-work-mode'] === 'number' ? mode : String(mode);
  }
  next['miner-mode'] = mode;
  return next;
}

/**
 * The CGI web interface of stock Bitmain firmware (S19/S21 family, 2020+), HTTP with Digest auth:
 * `GET /cgi-bin/get_miner_conf.cgi`, `POST /cgi-bin/set_miner_conf.cgi`. The first request goes out
 * without credentials and answers the 401 challenge; later ones reuse the nonce (counting `nc`) and
 * answer a fresh challenge once when the server rejects it as stale. A second 401 means the user or
 * password is wrong: `MinerCommandRefusedError` (code 401).
 */
export class AntminerWeb {
  readonly where: string;
  private challenge: DigestChallenge | null = null;
  private nonceCount = 0;

  constructor(
    readonly endpoint: Endpoint,
    readonly timeouts: Timeouts,
    private readonly username: string,
    private readonly password: string,
  ) {
    this.where = formatEndpoint(endpoint);
  }

  /** The miner's config as JSON. */
  async getMinerConf(): Promise<JsonObject> {
    const path = '/cgi-bin/get_miner_conf.cgi';
    const body = await this.json('GET', path, undefined, this.timeouts.readTimeoutMs);
    const config = asObject(body);
    if (!config) {
      throw new MinerProtocolError(this.where, `GET ${path}`, 'reply is not a JSON object', '');
    }
    return config;
  }

  /**
   * Posts a whole config. Returns the firmware's message (`{"stats":"success","code":"M000","msg":"OK!"}`
   * -> `M000 OK!`); a reply that does not say success throws `MinerCommandRefusedError`.
   */
  async setMinerConf(config: JsonObject): Promise<string> {
    const path = '/cgi-bin/set_miner_conf.cgi';
    const timeoutMs = Math.max(this.timeouts.readTimeoutMs, SET_CONF_READ_TIMEOUT_MS);
    const body = asObject(await this.json('POST', path, config, timeoutMs));
    const stats = asText(body?.stats);
    const code = asText(body?.code);
    const message = [code, asText(body?.msg)].filter((part) => part !== null).join(' ') || 'no message';
    if (body && stats !== null && stats.toLowerCase() !== 'success') {
      const numeric = code !== null && /\d+/.test(code) ? Number(/\d+/.exec(code)![0]) : null;
      throw new MinerCommandRefusedError(this.where, 'set_miner_conf', numeric, message);
    }
    return message;
  }

  /** Any CGI reply as JSON (`GET /cgi-bin/<name>.cgi`), with the same Digest handling. */
  getJson(path: string): Promise<unknown> {
    return this.json('GET', path, undefined, this.timeouts.readTimeoutMs);
  }

  private async json(
    method: 'GET' | 'POST',
    path: string,
    body: JsonObject | undefined,
    readTimeoutMs: number,
  ): Promise<unknown> {
    const response = await this.authorized(method, path, body, readTimeoutMs);
    const what = `${method} ${path}`;
    if (response.status < 200 || response.status >= 300) {
      const message = response.text
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200);
      throw new MinerCommandRefusedError(
        this.where,
        what,
        response.status,
        message || `HTTP ${response.status}`,
      );
    }
    try {
      return response.text.trim() === '' ? null : parseLenientJson(response.text).value;
    } catch (error) {
      const problem = error instanceof LenientJsonError ? error.message : String(error);
      throw new MinerProtocolError(this.where, what, `not JSON (${problem})`, excerptOf(response.text), {
        cause: error,
      });
    }
  }

  /** One request with Digest auth: pre-authorised with the last nonce, and answering one new challenge. */
  private async authorized(
    method: 'GET' | 'POST',
    path: string,
    body: JsonObject | undefined,
    readTimeoutMs: number,
  ): Promise<WebResponse> {
    let response = await this.send(method, path, body, readTimeoutMs, this.authorization(method, path));
    if (response.status !== 401) return response;
    const challenge = parseDigestChallenge(response.headers['www-authenticate']);
    if (!challenge) {
      throw new MinerCommandRefusedError(
        this.where,
        `${method} ${path}`,
        401,
        'unauthorized, without a Digest challenge',
      );
    }
    // Answer the (new or renewed) challenge once; a 401 to that is a wrong user or password.
    this.challenge = challenge;
    this.nonceCount = 0;
    response = await this.send(method, path, body, readTimeoutMs, this.authorization(method, path));
    if (response.status === 401) {
      this.challenge = null;
      throw new MinerCommandRefusedError(
        this.where,
        `${method} ${path}`,
        401,
        `unauthorized: wrong web user or password for "${this.username}" (HTTP Digest, realm "${challenge.realm}")`,
      );
    }
    return response;
  }

  private authorization(method: string, uri: string): Record<string, string> {
    if (!this.challenge) return {};
    this.nonceCount += 1;
    return {
      authorization: digestAuthorization({
        challenge: this.challenge,
        method,
        uri,
        username: this.username,
        password: this.password,
        nonceCount: this.nonceCount,
      }),
    };
  }

  /** Plain HTTP/1.1, one connection per request, with connect and read timeouts and typed errors. */
  private send(
    method: 'GET' | 'POST',
    path: string,
    body: JsonObject | undefined,
    readTimeoutMs: number,
    headers: Record<string, string>,
  ): Promise<WebResponse> {
    return httpExchange({
      endpoint: this.endpoint,
      where: this.where,
      method,
      path,
      body,
      headers: { accept: 'application/json, text/plain, */*', ...headers },
      connectTimeoutMs: this.timeouts.connectTimeoutMs,
      readTimeoutMs,
      maxBodyBytes: MAX_BODY_BYTES,
    });
  }
}
