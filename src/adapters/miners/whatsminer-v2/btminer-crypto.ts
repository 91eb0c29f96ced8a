import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { md5CryptHash } from './md5-crypt.ts';

/** What btminer 2.x `get_token` returns in `Msg`. */
export interface TokenChallenge {
  readonly time: string;
  readonly salt: string;
  readonly newsalt: string;
}

/** The per-token secrets: `hostSign` goes into the command, `aesKey` encrypts it. */
export interface BtminerToken {
  readonly hostSign: string;
  readonly aesKey: Buffer;
}

/**
 * btminer 2.x token scheme: `host_passwd_md5 = md5crypt(password, salt)`, the command's token is
 * `md5crypt(host_passwd_md5 + time, newsalt)` (hash parts only), and the AES-256 key is
 * `sha256(host_passwd_md5)`.
 */
export function deriveBtminerToken(password: string, challenge: TokenChallenge): BtminerToken {
  const hostPasswdMd5 = md5CryptHash(password, challenge.salt);
  return {
    hostSign: md5CryptHash(hostPasswdMd5 + challenge.time, challenge.newsalt),
    aesKey: createHash('sha256').update(hostPasswdMd5, 'utf8').digest(),
  };
}

/** AES-256-ECB with NUL padding to 16 bytes, base64 (no line breaks): the `data` of `{"enc":1,...}`. */
export function encryptBtminer(aesKey: Buffer, plaintext: string): string {
  const bytes = Buffer.from(plaintext, 'utf8');
  const padded = Buffer.alloc(Math.ceil(bytes.length / 16) * 16 || 16);
  bytes.copy(padded);
  const cipher = createCipheriv('aes-256-ecb', aesKey, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Reverses `encryptBtminer` (the miner's `{"enc":"..."}` replies): decrypt, strip the NUL padding. */
export function decryptBtminer(aesKey: Buffer, base64: string): string {
  const data = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  const decipher = createDecipheriv('aes-256-ecb', aesKey, null);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end -= 1;
  return plain.subarray(0, end).toString('utf8');
}
