import { createHash } from 'node:crypto';

/** Failed authentications of one key id allowed per window before it is refused unchecked. */
export const MAX_FAILURES_PER_WINDOW = 5;
export const FAILURE_WINDOW_MS = 60_000;
/** Key ids followed at once (the oldest is forgotten first). */
const MAX_TRACKED_KEY_IDS = 10_000;

/**
 * What keeps authentication from burning CPU (issue 13, defect 7): key ids are not secret (they
 * are MQTT user names), so anyone can make the server run scrypt for a real id.
 * - `limited(id)`: after MAX_FAILURES_PER_WINDOW wrong secrets for an id within the window, further
 *   attempts for it are refused without running scrypt until the window has passed;
 * - `knows(id, secret)`: a secret once verified for an id is remembered as a SHA-256 digest, so
 *   its owner is checked without scrypt (and is not locked out by someone failing on its id).
 * Windows run on a monotonic clock (never the replay clock).
 */
export class AuthGuard {
  readonly #failures = new Map<string, { count: number; sinceMs: number }>();
  readonly #good = new Map<string, string>();

  constructor(private readonly monotonicMs: () => number = () => performance.now()) {}

  /** Seconds until `id` may be tried again, or 0 when it may be tried now. */
  limited(id: string): number {
    const entry = this.#failures.get(id);
    if (entry === undefined) return 0;
    const elapsed = this.monotonicMs() - entry.sinceMs;
    if (elapsed >= FAILURE_WINDOW_MS) {
      this.#failures.delete(id);
      return 0;
    }
    return entry.count >= MAX_FAILURES_PER_WINDOW ? Math.ceil((FAILURE_WINDOW_MS - elapsed) / 1000) : 0;
  }

  failed(id: string): void {
    const now = this.monotonicMs();
    const entry = this.#failures.get(id);
    if (entry === undefined || now - entry.sinceMs >= FAILURE_WINDOW_MS) {
      this.#failures.delete(id);
      if (this.#failures.size >= MAX_TRACKED_KEY_IDS) {
        this.#failures.delete(this.#failures.keys().next().value!);
      }
      this.#failures.set(id, { count: 1, sinceMs: now });
    } else {
      entry.count += 1;
    }
  }

  /** Whether `secret` is the one verified before for `id` (and stored under `secretHash`). */
  knows(id: string, secret: string, secretHash: string): boolean {
    return this.#good.get(id) === digest(secret, secretHash);
  }

  verified(id: string, secret: string, secretHash: string): void {
    if (this.#good.size >= MAX_TRACKED_KEY_IDS) this.#good.delete(this.#good.keys().next().value!);
    this.#good.set(id, digest(secret, secretHash));
    this.#failures.delete(id);
  }

  forget(id: string): void {
    this.#good.delete(id);
  }
}

/** Tied to the stored hash, so a re-issued secret is never taken for the old one. */
function digest(secret: string, secretHash: string): string {
  return createHash('sha256').update(secretHash).update('\u0000').update(secret).digest('base64');
}
