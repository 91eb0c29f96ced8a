import type { GridEvent, GridEventRepository } from '../../core/ports/storage.ts';
import { duplicateId } from './duplicate-id.ts';
import { byText, copy, type MemoryState } from './memory-state.ts';

/** In-memory GridEventRepository. */
export class MemoryGridEventRepository implements GridEventRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async create(event: GridEvent): Promise<void> {
    if (this.#state.gridEvents.has(event.id)) {
      throw duplicateId('grid event', event.id);
    }
    this.#state.gridEvents.set(event.id, copy(event));
  }

  async get(id: string): Promise<GridEvent | undefined> {
    const event = this.#state.gridEvents.get(id);
    return event === undefined ? undefined : copy(event);
  }

  async overlapping(fromMs: number, toMs: number): Promise<GridEvent[]> {
    return [...this.#state.gridEvents.values()]
      .filter((event) => event.startMs < toMs && event.endMs > fromMs)
      .sort((a, b) => a.startMs - b.startMs || byText(a.id, b.id))
      .map(copy);
  }

  async markAllAcked(id: string, atMs: number): Promise<void> {
    const event = this.#state.gridEvents.get(id);
    if (event !== undefined && event.allAckedAtMs === undefined) {
      this.#state.gridEvents.set(id, { ...event, allAckedAtMs: atMs });
    }
  }

  async list(limit: number): Promise<GridEvent[]> {
    return [...this.#state.gridEvents.values()]
      .sort((a, b) => b.startMs - a.startMs || byText(b.id, a.id))
      .slice(0, limit)
      .map(copy);
  }
}
