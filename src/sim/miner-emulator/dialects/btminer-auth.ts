import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * The miner's side of the btminer 2.x API token scheme, written from the API description (not shared
 * with the client, so a test of one against the other checks both):
 * - `get_token` hands out `time` (last 4 digits of the clock), the device `salt` and a fresh `newsalt`;
 * - host_passwd_md5 = md5crypt(password, salt) (hash part), sign = md5crypt(host_passwd_md5 + time,
 *   newsalt) (hash part);
 * - a privileged command travels as `{"enc":1,"data":base64(AES-256-ECB(json, key=sha256(host_passwd_md5)))}`
 *   with zero padding, and carries `"token": sign`; the reply comes back as `{"enc":"<base64>"}`.
 */

const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function encode64(value: number, chars: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < chars; i += 1) {
    out += ALPHABET[rest & 63];
    rest >>>= 6;
  }
  return out;
}

/** The hash part of `$1$<salt>$<hash>` (FreeBSD MD5-crypt, 1000 rounds). */
export function md5CryptHashPart(password: string, salt: string): string {
  const key = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(
    salt
      .replace(/^\$1\$/, '')
      .split('$')[0]!
      .slice(0, 8),
    'utf8',
  );
  const magic = Buffer.from('$1$', 'utf8');
  const alternate = md5(key, saltBytes, key);
  const context: Buffer[] = [key, magic, saltBytes];
  for (let remaining = key.length; remaining > 0; remaining -= 16) {
    context.push(alternate.subarray(0, Math.min(remaining, 16)));
  }
  for (let bits = key.length; bits > 0; bits >>>= 1) {
    context.push(bits & 1 ? Buffer.alloc(1) : key.subarray(0, 1));
  }
  let digest = md5(...context);
  for (let i = 0; i < 1000; i += 1) {
    const round: Buffer[] = [i % 2 === 1 ? key : digest];
    if (i % 3 !== 0) round.push(saltBytes);
    if (i % 7 !== 0) round.push(key);
    round.push(i % 2 === 1 ? digest : key);
    digest = md5(...round);
  }
  const d = (i: number) => digest[i]!;
  return (
    encode64((d(0) << 16) | (d(6) << 8) | d(12), 4) +
    encode64((d(1) << 16) | (d(7) << 8) | d(13), 4) +
    encode64((d(2) << 16) | (d(8) << 8) | d(14), 4) +
    encode64((d(3) << 16) | (d(9) << 8) | d(15), 4) +
    encode64((d(4) << 16) | (d(10) << 8) | d(5), 4) +
    encode64(d(11), 2)
  );
}

/** The device's secrets for one password and salt: its `host_passwd_md5` and AES key. */
export interface BtminerSecrets {
  readonly hostPasswdMd5: string;
  readonly aesKey: Buffer;
}

export function btminerSecrets(password: string, salt: string): BtminerSecrets {
  const hostPasswdMd5 = md5CryptHashPart(password, salt);
  return { hostPasswdMd5, aesKey: createHash('sha256').update(hostPasswdMd5, 'utf8').digest() };
}

/** The sign a client must put in `token` for a `get_token` answer of (time, newsalt). */
export function btminerSign(secrets: BtminerSecrets, time: string, newsalt: string): string {
  return md5CryptHashPart(secrets.hostPasswdMd5 + time, newsalt);
}

/** AES-256-ECB, zero padding, base64. */
export function btminerEncrypt(secrets: BtminerSecrets, text: string): string {
  const plain = Buffer.from(text, 'utf8');
  const padded = Buffer.alloc(Math.max(16, Math.ceil(plain.length / 16) * 16));
  plain.copy(padded);
  const cipher = createCipheriv('aes-256-ecb', secrets.aesKey, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Reverses `btminerEncrypt`; `null` when the data is not whole AES blocks. */
export function btminerDecrypt(secrets: BtminerSecrets, base64: string): string | null {
  const data = Buffer.from(base64, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) return null;
  const decipher = createDecipheriv('aes-256-ecb', secrets.aesKey, null).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end -= 1;
  return plain.subarray(0, end).toString('utf8');
}

/** API 3.x token of a `set.*` command: first 8 base64 characters of sha256(cmd + password + salt + ts). */
export function whatsminerV3Token(command: string, password: string, salt: string, ts: number): string {
  return createHash('sha256')
    .update(`${command}${password}${salt}${ts}`, 'utf8')
    .digest('base64')
    .slice(0, 8);
}
