import type { LeaderLease } from '../../core/ports/storage.ts';
import type { MemoryState } from './memory-state.ts';

/** In-memory LeaderLease: a lease is free again at its expiry time. */
export class MemoryLeaderLease implements LeaderLease {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async acquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const lease = this.#state.leases.get(name);
    // A lease expiring past nowMs + ttlMs was taken on another timeline (see SqlLeaderLease).
    if (
      lease !== undefined &&
      lease.holder !== holder &&
      lease.expiresAtMs > nowMs &&
      lease.expiresAtMs <= nowMs + ttlMs
    )
      return false;
    this.#state.leases.set(name, { holder, expiresAtMs: nowMs + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.#state.leases.get(name)?.holder === holder) this.#state.leases.delete(name);
  }
}
