/**
 * A tenant's SSH public key in OpenSSH's one-line form (`ssh-ed25519 AAAA… comment`), checked before
 * it is stored: a known key type, base64 that decodes to the SSH wire form of that same type, and a
 * sane size (RSA moduli of at least 2048 bits, an ed25519 key of 32 bytes, ECDSA points of the named
 * curve). The key is public, but problems name the field, never echo it.
 */

/** A public key a tenant registered to reach its interactive allocations. */
export interface TenantSshKey {
  /** `k-` and the fingerprint's first hex digits: the key's id in the API. */
  readonly id: string;
  readonly tenantId: string;
  readonly type: SshKeyType;
  /** `SHA256:` and the unpadded base64 of the key's SHA-256, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  readonly bits: number;
  /** The canonical one-line key (type, base64, comment). */
  readonly publicKey: string;
  readonly comment: string;
  readonly createdAtMs: number;
}

export const SSH_KEY_LIMITS = { lineBytes: 8_192, commentChars: 200, minRsaBits: 2048 } as const;

export const SSH_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

export interface SshPublicKey {
  readonly type: SshKeyType;
  /** The key in SSH wire form (what the fingerprint is the SHA-256 of). */
  readonly blob: Uint8Array;
  /** The canonical line: type, base64, comment (if any), single spaces. */
  readonly line: string;
  readonly comment: string;
  /** RSA: modulus bits; ed25519: 256; ECDSA: the curve's bits. */
  readonly bits: number;
}

export type SshKeyCheck =
  | { readonly ok: true; readonly key: SshPublicKey }
  | { readonly ok: false; readonly problem: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters.
const CONTROL = /[\0-\x1f\x7f]/;
const CURVE_BITS: Readonly<Record<string, number>> = { nistp256: 256, nistp384: 384, nistp521: 521 };

/** Reads SSH wire strings (uint32 length, bytes) off a blob. */
function reader(blob: Uint8Array) {
  let at = 0;
  return {
    string(): Uint8Array | undefined {
      if (at + 4 > blob.length) return undefined;
      const length = ((blob[at]! << 24) | (blob[at + 1]! << 16) | (blob[at + 2]! << 8) | blob[at + 3]!) >>> 0;
      if (at + 4 + length > blob.length) return undefined;
      const bytes = blob.subarray(at + 4, at + 4 + length);
      at += 4 + length;
      return bytes;
    },
    done: () => at === blob.length,
  };
}

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

/** Bits of an SSH mpint (big-endian, a leading zero byte when the top bit is set). */
function mpintBits(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** The key's size in bits from its wire form; a problem when the form does not match the type. */
function keyBits(type: SshKeyType, blob: Uint8Array): number | string {
  const r = reader(blob);
  if (text(r.string()) !== type) return 'the base64 key is not a key of the type named before it';
  if (type === 'ssh-rsa') {
    const e = r.string();
    const n = r.string();
    if (!e || !n || !r.done()) return 'the RSA key is truncated or has extra bytes';
    return mpintBits(n);
  }
  if (type === 'ssh-ed25519' || type === 'sk-ssh-ed25519@openssh.com') {
    const key = r.string();
    if (type.startsWith('sk-')) r.string(); // the application (`ssh:`)
    if (key?.length !== 32 || !r.done()) return 'the ed25519 key is not 32 bytes';
    return 256;
  }
  const curve = text(r.string());
  const point = r.string();
  if (type.startsWith('sk-')) r.string();
  const bits = curve ? CURVE_BITS[curve] : undefined;
  if (!bits || !type.includes(curve!)) return 'the ECDSA key names another curve than its type';
  // An uncompressed point: 0x04, then two coordinates of the curve's size.
  if (point?.length !== 1 + 2 * Math.ceil(bits / 8) || point[0] !== 4 || !r.done())
    return 'the ECDSA key is not a point of its curve';
  return bits;
}

function decodeBase64(value: string): Uint8Array | undefined {
  if (!BASE64.test(value) || value.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Checks an OpenSSH public key line. */
export function checkSshPublicKey(input: string): SshKeyCheck {
  const fail = (problem: string): SshKeyCheck => ({ ok: false, problem });
  if (new TextEncoder().encode(input).length > SSH_KEY_LIMITS.lineBytes)
    return fail(`longer than ${SSH_KEY_LIMITS.lineBytes} bytes`);
  const line = input.trim();
  if (line.includes('\n') || line.includes('\r')) return fail('must be one line (one key)');
  const [type, data, ...rest] = line.split(/[ \t]+/);
  const comment = rest.join(' ');
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type ?? ''))
    return fail(`key type must be one of ${SSH_KEY_TYPES.join(', ')} (private keys and options are refused)`);
  if (!data) return fail('has no base64 key after its type');
  const blob = decodeBase64(data);
  if (!blob) return fail('the key is not valid base64');
  if (comment.length > SSH_KEY_LIMITS.commentChars || CONTROL.test(comment))
    return fail(`the comment must be at most ${SSH_KEY_LIMITS.commentChars} printable characters`);
  const bits = keyBits(type as SshKeyType, blob);
  if (typeof bits === 'string') return fail(bits);
  if (type === 'ssh-rsa' && bits < SSH_KEY_LIMITS.minRsaBits)
    return fail(`RSA keys must have at least ${SSH_KEY_LIMITS.minRsaBits} bits (this one has ${bits})`);
  return {
    ok: true,
    key: {
      type: type as SshKeyType,
      blob,
      line: comment ? `${type} ${data} ${comment}` : `${type} ${data}`,
      comment,
      bits,
    },
  };
}
