import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatedMiner } from '../emulated-miner.ts';
import type { ConnectionRegistry } from '../wire/connection-registry.ts';
import { onDeliveredBody } from '../wire/network-fate.ts';
import { emulatedPools, type JsonObject, stableMac, stableText } from './wire-format.ts';

/** User and password of the stock Bitmain web interface. */
export interface BitmainWebCredentials {
  readonly username: string;
  readonly password: string;
}

export const DEFAULT_BITMAIN_WEB_CREDENTIALS: BitmainWebCredentials = Object.freeze({
  username: 'root',
  password: 'root',
});

/** One request to the web interface. */
export interface BitmainWebRequest {
  readonly method: string;
  /** The request-target as sent (path and query): what a Digest `uri` must equal. */
  readonly url: string;
  readonly authorization: string | undefined;
  /** Body text ('' when none). */
  readonly body: string;
}

export interface BitmainWebReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const REALM = 'antMiner Configuration';
/** ms a nonce stays valid (emulator clock); an older one gets `stale=true`. */
const NONCE_LIFETIME_MS = 10 * 60_000;
const MAX_NONCES = 8;
const MAX_BODY_BYTES = 256 * 1024;
const FILESYSTEM_VERSION = 'Tue Dec  6 16:12:30 CST 2022';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** `k=v, k="v"` pairs of an Authorization header (written apart from the client's parser). */
function authParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /([a-zA-Z0-9_-]+)=(?:"([^"]*)"|([^,\s]*))/g;
  let match = pattern.exec(header);
  while (match !== null) {
    params[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? '';
    match = pattern.exec(header);
  }
  return params;
}

const json = (status: number, body: unknown): BitmainWebReply => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: JSON.stringify(body),
});

const html = (status: number, title: string): BitmainWebReply => ({
  status,
  headers: { 'content-type': 'text/html' },
  body:
    '<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html>\n<html><head><title>' +
    `${title}</title></head><body><h1>${title}</h1></body></html>\n`,
});

/** A JSON number or numeric string as an integer work mode, else `null`. */
function modeOf(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^[0-3]$/.test(text) ? Number(text) : null;
}

/**
 * The web interface of stock Bitmain firmware (S19/S21 family, 2020+) as lighttpd + CGI serve it on
 * port 80, behind HTTP Digest auth (RFC 2617, MD5, `qop="auth"`, realm `antMiner Configuration`):
 *
 * - `GET /cgi-bin/get_miner_conf.cgi`: the config (pools with `pass`, API and fan settings,
 *   `bitmain-work-mode` "0" normal / "1" sleep / "3" low power).
 * - `POST /cgi-bin/set_miner_conf.cgi`: a whole config; `miner-mode` sets the work mode (1 sleeps the
 *   miner after its sleep delay, 0 wakes it after its wake delay and restarts the mining process, 3
 *   holds the lowest power target). The posted config replaces the stored one (pools left out become
 *   no pools); the control log notes whether the pools changed. Answers
 *   `{"stats":"success","code":"M000","msg":"OK!"}`.
 * - `GET /cgi-bin/get_system_info.cgi`: model, MAC, serial, as the recorded reply.
 *
 * Without valid credentials every path answers 401 with a fresh challenge (`stale=true` when only the
 * nonce expired). The work mode reported is the miner's: an in-process `miner.sleep()` reads as "1".
 */
export class BitmainWebFirmware {
  private nonces: { nonce: string; issuedAtMs: number; lastNc: number }[] | null = null;
  private stored: JsonObject | null = null;
  private lowPower = false;

  constructor(
    readonly miner: EmulatedMiner,
    readonly credentials: BitmainWebCredentials = DEFAULT_BITMAIN_WEB_CREDENTIALS,
  ) {}

  /** The config as `get_miner_conf.cgi` reports it now. */
  config(): JsonObject {
    const config = { ...this.storedConfig() };
    // bmminer writes the mode it runs in; keep the key's place in the object.
    config['bitmain-work-mode'] = String(this.workMode());
    return config;
  }

  respond(request: BitmainWebRequest): BitmainWebReply {
    const denied = this.authenticate(request);
    if (denied) return denied;
    const path = request.url.split('?')[0]!;
    if (path === '/cgi-bin/get_miner_conf.cgi') return json(200, this.config());
    if (path === '/cgi-bin/get_system_info.cgi') return json(200, this.systemInfo());
    if (path === '/cgi-bin/set_miner_conf.cgi') {
      if (request.method !== 'POST') return html(405, '405 - Method Not Allowed');
      return this.setConfig(request.body);
    }
    return html(404, '404 - Not Found');
  }

  private workMode(): number {
    if (this.miner.curtailed) return 1;
    return this.lowPower ? 3 : 0;
  }

  private storedConfig(): JsonObject {
    if (this.stored) return this.stored;
    const seed = this.miner.seed;
    this.stored = {
      pools: emulatedPools(seed, this.miner.snapshot()).map((pool) => ({
        url: pool.url,
        user: pool.user,
        pass: 'x',
      })),
      'api-listen': true,
      'api-network': true,
      'api-groups': 'A:stats:pools:devs:summary:version',
      'api-allow': 'A:0/0,W:*',
      'bitmain-fan-ctrl': false,
      'bitmain-fan-pwm': '100',
      'bitmain-use-vil': true,
      'bitmain-freq': '525',
      'bitmain-voltage': '1400',
      'bitmain-ccdelay': '0',
      'bitmain-pwth': '0',
      'bitmain-work-mode': '0',
      'bitmain-freq-level': '100',
    };
    return this.stored;
  }

  private setConfig(text: string): BitmainWebReply {
    let posted: JsonObject | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        posted = parsed as JsonObject;
    } catch {
      posted = null;
    }
    if (!posted) {
      this.miner.recordControl('set_miner_conf (not a JSON object)');
      return json(200, { stats: 'error', code: 'M001', msg: 'Illegal parameters!' });
    }
    const hasMode = 'miner-mode' in posted;
    const mode = modeOf(posted['miner-mode']);
    if (hasMode && mode === null) {
      this.miner.recordControl(`set_miner_conf miner-mode=${JSON.stringify(posted['miner-mode'])} (refused)`);
      return json(200, { stats: 'error', code: 'M001', msg: 'Illegal parameters!' });
    }
    const before = JSON.stringify(this.storedConfig().pools ?? []);
    const { 'miner-mode': _mode, ...rest } = posted;
    const next: JsonObject = { ...rest, pools: Array.isArray(posted.pools) ? posted.pools : [] };
    const poolsChanged = JSON.stringify(next.pools) !== before;
    this.stored = next;
    this.miner.recordControl(
      `set_miner_conf miner-mode=${hasMode ? mode : '-'} pools ${poolsChanged ? 'CHANGED' : 'unchanged'}`,
    );
    if (mode !== null) this.applyMode(mode);
    return json(200, { stats: 'success', code: 'M000', msg: 'OK!' });
  }

  private applyMode(mode: number): void {
    const miner = this.miner;
    if (mode === 1) {
      miner.sleep();
      return;
    }
    // bmminer restarts with the new config: a sleeping miner starts from scratch.
    if (miner.curtailed) miner.wake({ restartProcess: true });
    const low = mode === 3;
    if (low !== this.lowPower) {
      const { minW, maxW } = miner.config.powerRangeW;
      miner.setPowerTarget(low ? minW : Math.min(miner.config.spec.powerW, maxW));
      this.lowPower = low;
    }
  }

  private systemInfo(): JsonObject {
    const seed = this.miner.seed;
    return {
      dnsservers: '',
      firmware_type: 'Release',
      gateway: '',
      hostname: 'Antminer',
      ipaddress: '127.0.0.1',
      macaddr: stableMac(seed, true),
      minertype: this.miner.model,
      netdevice: 'eth0',
      netmask: '255.255.255.0',
      nettype: 'DHCP',
      serinum: stableText(seed, 'serial', 17, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'),
      system_filesystem_version: FILESYSTEM_VERSION,
      system_kernel_version: 'Linux 4.9.113 #1 SMP PREEMPT Tue Dec 6 16:05:21 CST 2022',
      system_mode: 'GNU/Linux',
    };
  }

  /** `null` when the request carries a valid Digest answer, else the 401 to send. */
  private authenticate(request: BitmainWebRequest): BitmainWebReply | null {
    const now = this.miner.config.now();
    this.nonces = (this.nonces ?? []).filter((entry) => now - entry.issuedAtMs < NONCE_LIFETIME_MS * 4);
    const header = request.authorization ?? '';
    if (!/^Digest\s/i.test(header)) return this.challenge(false);
    const p = authParams(header.replace(/^Digest\s+/i, ''));
    const entry = this.nonces.find((candidate) => candidate.nonce === p.nonce);
    const { username, password } = this.credentials;
    if (p.username !== username || p.realm !== REALM || p.uri !== request.url || !entry) {
      return this.challenge(false);
    }
    const ha1 = md5(`${username}:${REALM}:${password}`);
    const ha2 = md5(`${request.method}:${p.uri}`);
    let expected: string;
    if (p.qop === undefined) {
      expected = md5(`${ha1}:${entry.nonce}:${ha2}`);
    } else {
      const nc = Number.parseInt(p.nc ?? '', 16);
      // Replayed or missing counts are refused, as lighttpd does.
      if (p.qop !== 'auth' || !p.cnonce || !(nc > entry.lastNc)) return this.challenge(false);
      expected = md5(`${ha1}:${entry.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
      if (p.response === expected) entry.lastNc = nc;
    }
    if (p.response !== expected) return this.challenge(false);
    if (now - entry.issuedAtMs > NONCE_LIFETIME_MS) return this.challenge(true);
    return null;
  }

  private challenge(stale: boolean): BitmainWebReply {
    const now = this.miner.config.now();
    const nonce = md5(`${now}:${this.miner.randomText(16)}`);
    this.nonces ??= [];
    this.nonces.push({ nonce, issuedAtMs: now, lastNc: 0 });
    if (this.nonces.length > MAX_NONCES) this.nonces.shift();
    const reply = html(401, '401 - Unauthorized');
    return {
      ...reply,
      headers: {
        ...reply.headers,
        'www-authenticate':
          `Digest realm="${REALM}", charset="UTF-8", nonce="${nonce}", qop="auth", algorithm="MD5"` +
          (stale ? ', stale=true' : ''),
      },
    };
  }
}

function handle(req: IncomingMessage, res: ServerResponse, firmware: BitmainWebFirmware): void {
  onDeliveredBody(req, firmware.miner, MAX_BODY_BYTES, (body) => {
    const reply = firmware.respond({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorization: req.headers.authorization,
      body,
    });
    const payload = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, 'content-length': payload.length });
    res.end(payload);
  });
}

/** The web interface of an emulated stock Antminer over HTTP/1.1 (its second port, next to cgminer's). */
export function createBitmainWebServer(firmware: BitmainWebFirmware, registry: ConnectionRegistry): Server {
  const server = createServer({ keepAliveTimeout: 1000 }, (req, res) => handle(req, res, firmware));
  server.on('connection', (socket) => registry.track(socket));
  return server;
}
