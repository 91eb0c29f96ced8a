/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every run, so emulated
 * faults, noise and network losses are repeatable. The emulators never use `Math.random`.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [0, count). */
  index(count: number): number {
    return Math.min(count - 1, Math.floor(this.next() * count));
  }

  /** `length` characters from `alphabet`. */
  text(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[this.index(alphabet.length)];
    return out;
  }
}

/** FNV-1a over the parts: a stable 32-bit seed from names such as `site/group/index`. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}\u0000`;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

/** A deterministic value in [0, 1) for (seed, salt) without keeping any state: fixed per-part skews. */
export function stableFraction(seed: number, salt: number): number {
  return new SeededRandom(hashSeed(seed, salt)).next();
}
