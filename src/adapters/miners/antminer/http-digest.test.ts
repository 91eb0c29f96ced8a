import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseAuthParams, parseDigestChallenge } from './http-digest.ts';

// The worked example of RFC 2617, section 3.5.
const RFC_CHALLENGE =
  'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
  'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

describe('HTTP Digest (RFC 2617)', () => {
  it('parses a challenge: realm, nonce, opaque, qop list, default algorithm', () => {
    expect(parseDigestChallenge(RFC_CHALLENGE)).toEqual({
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      algorithm: 'MD5',
      qop: ['auth', 'auth-int'],
      stale: false,
    });
  });

  it('answers the RFC 2617 example with its published response', () => {
    const header = digestAuthorization({
      challenge: parseDigestChallenge(RFC_CHALLENGE)!,
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      nonceCount: 1,
      cnonce: '0a4f113b',
    });
    const params = parseAuthParams(header.replace(/^Digest /, ''));
    expect(params.get('response')).toBe('6629fae49393a05397450978507c4ef1');
    expect(Object.fromEntries(params)).toMatchObject({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
  });

  it("reads lighttpd's challenge (stale, charset) and finds Digest among several schemes", () => {
    const lighttpd =
      'Digest realm="antMiner Configuration", charset="UTF-8", nonce="5f1e2d", qop="auth", algorithm="MD5", stale=true';
    expect(parseDigestChallenge(lighttpd)).toMatchObject({
      realm: 'antMiner Configuration',
      nonce: '5f1e2d',
      qop: ['auth'],
      stale: true,
    });
    expect(parseDigestChallenge(['Basic realm="x"', 'Digest realm="y", nonce="n"'])).toMatchObject({
      realm: 'y',
      qop: [],
    });
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256')).toBeNull();
    expect(parseDigestChallenge(undefined)).toBeNull();
  });

  it('without qop uses the RFC 2069 form (no nc, no cnonce)', () => {
    const header = digestAuthorization({
      challenge: parseDigestChallenge('Digest realm="r", nonce="abc"')!,
      method: 'POST',
      uri: '/cgi-bin/set_miner_conf.cgi',
      username: 'root',
      password: 'root',
      nonceCount: 1,
    });
    expect(header).not.toMatch(/qop=|nc=|cnonce=/);
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const expected = md5(`${md5('root:r:root')}:abc:${md5('POST:/cgi-bin/set_miner_conf.cgi')}`);
    expect(parseAuthParams(header.replace(/^Digest /, '')).get('response')).toBe(expected);
  });
});
