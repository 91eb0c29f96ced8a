import type { ManualPrice, ManualPriceRepository } from '../../core/ports/manual-price-repository.ts';
import { duplicateId } from './duplicate-id.ts';
import { byText, copy, type MemoryState } from './memory-state.ts';

/** In-memory ManualPriceRepository. */
export class MemoryManualPriceRepository implements ManualPriceRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async create(entry: ManualPrice): Promise<void> {
    if (this.#state.manualPrices.has(entry.id)) throw duplicateId('manual price', entry.id);
    this.#state.manualPrices.set(entry.id, copy(entry));
  }

  async get(id: string): Promise<ManualPrice | undefined> {
    const entry = this.#state.manualPrices.get(id);
    return entry === undefined ? undefined : copy(entry);
  }

  async current(nowMs: number): Promise<ManualPrice[]> {
    return [...this.#state.manualPrices.values()]
      .filter((e) => e.removedAtMs === undefined && e.expiresAtMs > nowMs)
      .sort((a, b) => a.enteredAtMs - b.enteredAtMs || byText(a.id, b.id))
      .map(copy);
  }

  async remove(id: string, atMs: number): Promise<boolean> {
    const entry = this.#state.manualPrices.get(id);
    if (entry === undefined || entry.removedAtMs !== undefined) return false;
    this.#state.manualPrices.set(id, { ...entry, removedAtMs: atMs });
    return true;
  }
}
