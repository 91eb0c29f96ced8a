import { createHash } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function to64(value: number, count: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < count; i += 1) {
    out += ITOA64[v & 0x3f];
    v >>>= 6;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/**
 * The FreeBSD/glibc MD5-crypt (`$1$salt$hash`) with node:crypto, as btminer 2.x uses it to derive its
 * API token. Salt: up to 8 characters, cut at a `$`.
 */
export function md5Crypt(password: string, salt: string): string {
  const magic = Buffer.from('$1$');
  const saltText = salt
    .replace(/^\$1\$/, '')
    .split('$')[0]!
    .slice(0, 8);
  const pw = Buffer.from(password, 'utf8');
  const s = Buffer.from(saltText, 'utf8');

  const alternate = md5(pw, s, pw);
  const parts: Buffer[] = [pw, magic, s];
  for (let left = pw.length; left > 0; left -= 16) parts.push(alternate.subarray(0, Math.min(16, left)));
  for (let i = pw.length; i > 0; i >>>= 1) parts.push(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let final = md5(...parts);

  for (let round = 0; round < 1000; round += 1) {
    const step: Buffer[] = [];
    step.push(round & 1 ? pw : final);
    if (round % 3) step.push(s);
    if (round % 7) step.push(pw);
    step.push(round & 1 ? final : pw);
    final = md5(...step);
  }

  const f = (i: number) => final[i]!;
  const encoded =
    to64((f(0) << 16) | (f(6) << 8) | f(12), 4) +
    to64((f(1) << 16) | (f(7) << 8) | f(13), 4) +
    to64((f(2) << 16) | (f(8) << 8) | f(14), 4) +
    to64((f(3) << 16) | (f(9) << 8) | f(15), 4) +
    to64((f(4) << 16) | (f(10) << 8) | f(5), 4) +
    to64(f(11), 2);
  return `$1$${saltText}$${encoded}`;
}

/** The hash part of an MD5-crypt string (`$1$salt$HASH` -> `HASH`), as btminer uses it. */
export function md5CryptHash(password: string, salt: string): string {
  return md5Crypt(password, salt).split('$')[3]!;
}
