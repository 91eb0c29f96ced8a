import { createHash, randomBytes } from 'node:crypto';

/**
 * HTTP Digest access authentication (RFC 2617), the client side, as the lighttpd of stock Bitmain
 * firmware asks for it (`WWW-Authenticate: Digest realm="antMiner Configuration", nonce="...",
 * qop="auth"`). MD5 and MD5-sess; `qop=auth`, or the RFC 2069 form when the server offers no qop.
 * `auth-int` is not supported (no firmware asks for it).
 */

/** The parameters of one `Digest` challenge. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | null;
  /** `MD5` (default) or `MD5-sess`. */
  readonly algorithm: string;
  /** The qop values offered (`auth`, `auth-int`); empty for an RFC 2069 server. */
  readonly qop: readonly string[];
  /** The server says the nonce expired (the credentials were fine). */
  readonly stale: boolean;
}

/** Parses `key=value, key="quoted, value"` lists, lower-casing keys. */
export function parseAuthParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const match of text.matchAll(pattern)) {
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    params.set(match[1]!.toLowerCase(), value);
  }
  return params;
}

/**
 * The `Digest` challenge among one or more `WWW-Authenticate` header values, or `null` when there is
 * none (or it lacks a realm or nonce, or names an algorithm other than MD5 / MD5-sess).
 */
export function parseDigestChallenge(header: string | readonly string[] | undefined): DigestChallenge | null {
  const values = header === undefined ? [] : typeof header === 'string' ? [header] : header;
  for (const value of values) {
    const match = /(?:^|,\s*)Digest\s+(.*)$/is.exec(value);
    if (!match) continue;
    const params = parseAuthParams(match[1]!);
    const realm = params.get('realm');
    const nonce = params.get('nonce');
    const algorithm = params.get('algorithm') ?? 'MD5';
    if (realm === undefined || nonce === undefined) continue;
    if (!/^md5(-sess)?$/i.test(algorithm)) continue;
    return {
      realm,
      nonce,
      opaque: params.get('opaque') ?? null,
      algorithm,
      qop: (params.get('qop') ?? '')
        .split(',')
        .map((q) => q.trim().toLowerCase())
        .filter((q) => q !== ''),
      stale: (params.get('stale') ?? '').toLowerCase() === 'true',
    };
  }
  return null;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export interface DigestResponseInput {
  readonly challenge: DigestChallenge;
  readonly method: string;
  /** The request-target exactly as sent (path and query). */
  readonly uri: string;
  readonly username: string;
  readonly password: string;
  /** How many requests this nonce has signed, this one included (1 for the first). */
  readonly nonceCount: number;
  /** Client nonce; random when left out. */
  readonly cnonce?: string;
}

/** The `response` value: MD5(HA1:nonce:nc:cnonce:qop:HA2), or MD5(HA1:nonce:HA2) without qop. */
export function digestResponse(input: DigestResponseInput, cnonce: string, nc: string): string {
  const { challenge, method, uri, username, password } = input;
  let ha1 = md5(`${username}:${challenge.realm}:${password}`);
  if (/-sess$/i.test(challenge.algorithm)) ha1 = md5(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = md5(`${method}:${uri}`);
  return challenge.qop.includes('auth')
    ? md5(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : md5(`${ha1}:${challenge.nonce}:${ha2}`);
}

const quoted = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/** The `Authorization: Digest ...` header value answering `challenge` for one request. */
export function digestAuthorization(input: DigestResponseInput): string {
  const { challenge } = input;
  const cnonce = input.cnonce ?? randomBytes(8).toString('hex');
  const nc = input.nonceCount.toString(16).padStart(8, '0');
  const withQop = challenge.qop.includes('auth');
  const parts = [
    `username=${quoted(input.username)}`,
    `realm=${quoted(challenge.realm)}`,
    `nonce=${quoted(challenge.nonce)}`,
    `uri=${quoted(input.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${quoted(digestResponse(input, cnonce, nc))}`,
  ];
  if (challenge.opaque !== null) parts.push(`opaque=${quoted(challenge.opaque)}`);
  if (withQop) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quoted(cnonce)}`);
  else if (/-sess$/i.test(challenge.algorithm)) parts.push(`cnonce=${quoted(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}
