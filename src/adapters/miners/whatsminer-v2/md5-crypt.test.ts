import { describe, expect, it } from 'vitest';
import { md5Crypt, md5CryptHash } from './md5-crypt.ts';

// Expected values from `openssl passwd -1 -salt <salt> <password>`, an independent implementation.
describe('md5Crypt', () => {
  it('matches openssl passwd -1', () => {
    expect(md5Crypt('password', 'saltsalt')).toBe('$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/');
    expect(md5Crypt('admin', 'BQ5hoXV9')).toBe('$1$BQ5hoXV9$RxmaDUO33TS7O26yeMHZ81');
    expect(md5Crypt('', 'ab')).toBe('$1$ab$rn6aQS/o7141mj179E/zA.');
  });

  it('accepts a $1$-prefixed salt and returns only the hash part on request', () => {
    expect(md5Crypt('password', '$1$saltsalt$')).toBe('$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/');
    expect(md5CryptHash('admin', 'BQ5hoXV9')).toBe('RxmaDUO33TS7O26yeMHZ81');
  });
});
