import { describe, expect, it } from 'vitest';
import {
  btminerDecrypt,
  btminerEncrypt,
  btminerSecrets,
  btminerSign,
  md5CryptHashPart,
  whatsminerV3Token,
} from './btminer-auth.ts';

// Vectors from `openssl passwd -1`, `openssl dgst -sha256` and `openssl enc -aes-256-ecb -nopad`
// (the btminer 2.x API document's get_token example: password admin, salt BQ5hoXV9, newsalt Ds7zPz3o).
describe('btminer token scheme, miner side', () => {
  it('MD5-crypt matches openssl passwd -1', () => {
    expect(md5CryptHashPart('password', 'saltsalt')).toBe('qjXMvbEw8oaL.CzflDtaK/');
    expect(md5CryptHashPart('', 'ab')).toBe('rn6aQS/o7141mj179E/zA.');
    expect(md5CryptHashPart('admin', 'BQ5hoXV9')).toBe('RxmaDUO33TS7O26yeMHZ81');
  });

  it('derives the sign and the AES key, encrypts and decrypts', () => {
    const secrets = btminerSecrets('admin', 'BQ5hoXV9');
    expect(btminerSign(secrets, '8038', 'Ds7zPz3o')).toBe('RuCNkr3s9ohnkOYhiuHwc.');
    expect(secrets.aesKey.toString('hex')).toBe(
      '199e0a202039bb7b558db7a54697dca29cb278055b7e659a127fb844d5a2fbf6',
    );
    const plain = '{"cmd":"power_off","respbefore":"true","token":"x"}';
    const encrypted = btminerEncrypt(secrets, plain);
    expect(encrypted).toBe(
      'p/QzYk8jszmQrR9dnOEVtXIRGg7DTmk9EUY2Z5AGabmXE9uaOgah2+aEOFK/+YqMwqkikWoGiYxJpcypZBegKQ==',
    );
    expect(btminerDecrypt(secrets, encrypted)).toBe(plain);
    expect(btminerDecrypt(secrets, 'abc')).toBeNull();
  });

  it('API 3.x token: first 8 base64 characters of sha256(cmd + password + salt + ts)', () => {
    expect(whatsminerV3Token('set.miner.service', 'super', 'uhCiDyVj', 1773869570)).toBe('wusyZCiM');
    expect(whatsminerV3Token('set.miner.power_limit', 'passw0rd', 'uhCiDyVj', 1700000000)).toBe('dAFAgcTt');
  });
});
