import { createHash } from 'node:crypto';

/**
 * Whatsminer API 3.x token of a `set.*` command: the first 8 characters of
 * `base64(sha256(cmd + password + salt + ts))`, with `salt` from `get.device.info` and `ts` in seconds.
 */
export function v3Token(command: string, password: string, salt: string, timestampS: number): string {
  const digest = createHash('sha256').update(`${command}${password}${salt}${timestampS}`, 'utf8').digest();
  return digest.toString('base64').slice(0, 8);
}
