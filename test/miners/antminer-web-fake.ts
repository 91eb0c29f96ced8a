import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  fixtureBytes,
  fixtureJson,
  type MinerRequest,
  type RunningServer,
  startTcpFixtureServer,
} from './fixture-server.ts';
import { cgminerResponder, variantNamed } from './fixture-variants.ts';

/**
 * A stock Antminer (S19/S21, 2020+ firmware) with both of its APIs: the recorded `antminer/v2020`
 * cgminer replies on one port, and the web interface (lighttpd + CGI, HTTP Digest) on another. The web
 * replies follow the real firmware: a 401 with `WWW-Authenticate: Digest realm="antMiner Configuration",
 * ... qop="auth"` to anything without valid credentials, `get_miner_conf.cgi` with the config fields
 * the firmware returns, `set_miner_conf.cgi` answering `{"stats":"success","code":"M000","msg":"OK!"}`,
 * `get_system_info.cgi` as recorded (`antminer/v2020/system_info.json`). Only `get_system_info` was
 * recorded; the config and the write replies are built from the public descriptions (pyasic,
 * asic-rs). The Digest check here is written apart from the client's.
 *
 * `honest` fakes act on `miner-mode` (sleep: the cgminer summary reports 0 GH/s and the config mode 1);
 * `liar` fakes answer M000 and change nothing.
 */
export interface WebRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
  readonly status: number;
}

export interface AntminerWebFake {
  readonly cgminer: RunningServer;
  readonly host: string;
  readonly webPort: number;
  /** Every web request, in order, with the status it got. */
  readonly web: WebRequest[];
  /** Configs posted to set_miner_conf.cgi, parsed. */
  readonly posted: Record<string, unknown>[];
  /** The config get_miner_conf.cgi reports now. */
  config(): Record<string, unknown>;
  /** Makes every nonce handed out so far stale (the next answer to one gets `stale=true`). */
  expireNonces(): void;
  close(): Promise<void>;
}

export interface AntminerWebFakeOptions {
  readonly behaviour?: 'honest' | 'liar';
  readonly username?: string;
  readonly password?: string;
  /** The config to start from (replaces the built-in one). */
  readonly config?: Record<string, unknown>;
  /** Answer set_miner_conf.cgi with this instead of M000. */
  readonly setReply?: Record<string, unknown>;
}

export const REALM = 'antMiner Configuration';

/** A config shaped like the one S19 firmware (2022) returns: pools with `pass`, string numbers, booleans. */
export function recordedStyleConfig(): Record<string, unknown> {
  const pools = (fixtureJson('antminer/v2020/pools.json').POOLS as Record<string, unknown>[]).map(
    (pool, i) => ({
      url: String(pool.URL),
      user: String(pool.User),
      pass: i === 0 ? 'x' : 'p@ss, "quoted"',
    }),
  );
  return {
    pools,
    'api-listen': true,
    'api-network': true,
    'api-groups': 'A:stats:pools:devs:summary:version',
    'api-allow': 'A:0/0,W:*',
    'bitmain-fan-ctrl': false,
    'bitmain-fan-pwm': '100',
    'bitmain-use-vil': true,
    'bitmain-freq': '675',
    'bitmain-voltage': '1400',
    'bitmain-ccdelay': '0',
    'bitmain-pwth': '0',
    'bitmain-work-mode': '0',
    'bitmain-freq-level': '100',
  };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function params(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of header.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    out[match[1]!] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return out;
}

export async function startAntminerWebFake(options: AntminerWebFakeOptions = {}): Promise<AntminerWebFake> {
  const username = options.username ?? 'root';
  const password = options.password ?? 'root';
  let config: Record<string, unknown> = structuredClone(options.config ?? recordedStyleConfig());
  const web: WebRequest[] = [];
  const posted: Record<string, unknown>[] = [];
  const nonces = new Map<string, { stale: boolean; lastNc: number }>();
  let issued = 0;

  const asleep = () => String(config['bitmain-work-mode']) === '1';
  const base = cgminerResponder(variantNamed('antminer/v2020'));
  const cgminer = await startTcpFixtureServer({
    framing: 'cgminer',
    suffix: Buffer.from([0]),
    respond: (request: MinerRequest) => {
      if (request.command === 'summary' && asleep()) {
        const summary = fixtureJson('antminer/v2020/summary.json');
        const entry = (summary.SUMMARY as Record<string, unknown>[])[0]!;
        entry['GHS 5s'] = 0;
        entry['GHS av'] = 0;
        return Buffer.from(JSON.stringify(summary));
      }
      return base(request);
    },
  });

  const challenge = (stale: boolean) => {
    issued += 1;
    const nonce = md5(`nonce-${issued}`);
    nonces.set(nonce, { stale: false, lastNc: 0 });
    return (
      `Digest realm="${REALM}", charset="UTF-8", nonce="${nonce}", qop="auth", algorithm="MD5"` +
      (stale ? ', stale=true' : '')
    );
  };

  /** null when authorised, else the WWW-Authenticate value to send with a 401. */
  const check = (method: string, url: string, header: string | undefined): string | null => {
    if (!header?.startsWith('Digest ')) return challenge(false);
    const p = params(header.slice('Digest '.length));
    const state = p.nonce === undefined ? undefined : nonces.get(p.nonce);
    if (!state || p.username !== username || p.realm !== REALM || p.uri !== url || p.qop !== 'auth') {
      return challenge(false);
    }
    const nc = Number.parseInt(p.nc ?? '', 16);
    const ha1 = md5(`${username}:${REALM}:${password}`);
    const expected = md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${md5(`${method}:${url}`)}`);
    if (p.response !== expected || !(nc > state.lastNc)) return challenge(false);
    state.lastNc = nc;
    return state.stale ? challenge(true) : null;
  };

  const html = (res: ServerResponse, status: number, title: string, headers: Record<string, string> = {}) => {
    const body = `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
    res.writeHead(status, {
      'content-type': 'text/html',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  };
  const json = (res: ServerResponse, body: Buffer | string) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const record = (status: number) =>
        web.push({ method, url, authorization: req.headers.authorization, body, status });
      const denied = check(method, url, req.headers.authorization);
      if (denied) {
        record(401);
        html(res, 401, '401 - Unauthorized', { 'www-authenticate': denied });
        return;
      }
      if (method === 'GET' && url === '/cgi-bin/get_miner_conf.cgi') {
        record(200);
        json(res, JSON.stringify(config));
      } else if (method === 'GET' && url === '/cgi-bin/get_system_info.cgi') {
        record(200);
        json(res, fixtureBytes('antminer/v2020/system_info.json'));
      } else if (method === 'POST' && url === '/cgi-bin/set_miner_conf.cgi') {
        record(200);
        const conf = JSON.parse(body) as Record<string, unknown>;
        posted.push(conf);
        if (options.setReply) {
          json(res, JSON.stringify(options.setReply));
          return;
        }
        if (options.behaviour !== 'liar') {
          const { 'miner-mode': mode, ...rest } = conf;
          config = { ...rest, 'bitmain-work-mode': String(mode ?? config['bitmain-work-mode']) };
        }
        json(res, JSON.stringify({ stats: 'success', code: 'M000', msg: 'OK!' }));
      } else {
        record(404);
        html(res, 404, '404 - Not Found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    cgminer,
    host: '127.0.0.1',
    webPort: address.port,
    web,
    posted,
    config: () => structuredClone(config),
    expireNonces: () => {
      for (const state of nonces.values()) state.stale = true;
    },
    close: async () => {
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), cgminer.close()]);
    },
  };
}
