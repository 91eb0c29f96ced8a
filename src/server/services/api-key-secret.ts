import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** An API key as handed to its owner: `sy_<id>_<secret>`. Only a scrypt hash of the secret is stored. */
export interface IssuedKey {
  readonly id: string;
  readonly key: string;
  readonly secretHash: string;
}

export function issueKey(): IssuedKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { id, key: `sy_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a secret against its stored hash; scrypt runs on the thread pool, not the event loop. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, Buffer.from(saltText, 'base64'), expected.length, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
  return timingSafeEqual(actual, expected);
}

/** Splits `sy_<id>_<secret>`; undefined when the text is not shaped like a key. */
export function parseKey(text: string): { id: string; secret: string } | undefined {
  const match = /^sy_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/.exec(text.trim());
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}
