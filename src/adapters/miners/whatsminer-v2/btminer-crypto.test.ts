import { describe, expect, it } from 'vitest';
import { decryptBtminer, deriveBtminerToken, encryptBtminer } from './btminer-crypto.ts';

// Expected values computed with the openssl CLI (passwd -1, dgst -sha256, enc -aes-256-ecb -nopad):
// password "admin", the get_token example of the btminer 2.x API document (salt BQ5hoXV9, newsalt
// Ds7zPz3o, time 8038).
const challenge = { time: '8038', salt: 'BQ5hoXV9', newsalt: 'Ds7zPz3o' };

describe('btminer 2.x token scheme', () => {
  it('derives the host sign and the AES key as openssl does', () => {
    const token = deriveBtminerToken('admin', challenge);
    expect(token.hostSign).toBe('RuCNkr3s9ohnkOYhiuHwc.');
    expect(token.aesKey.toString('hex')).toBe(
      '199e0a202039bb7b558db7a54697dca29cb278055b7e659a127fb844d5a2fbf6',
    );
  });

  it('encrypts with AES-256-ECB and NUL padding, and decrypts back', () => {
    const { aesKey } = deriveBtminerToken('admin', challenge);
    const plain = '{"cmd":"power_off","respbefore":"true","token":"x"}';
    const encrypted = encryptBtminer(aesKey, plain);
    expect(encrypted).toBe(
      'p/QzYk8jszmQrR9dnOEVtXIRGg7DTmk9EUY2Z5AGabmXE9uaOgah2+aEOFK/+YqMwqkikWoGiYxJpcypZBegKQ==',
    );
    expect(decryptBtminer(aesKey, encrypted)).toBe(plain);
  });
});
