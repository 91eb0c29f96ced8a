import type { Curtailment, CurtailmentRepository } from '../../core/ports/storage.ts';
import { duplicateId } from './duplicate-id.ts';
import { byText, copy, type MemoryState } from './memory-state.ts';

/** In-memory CurtailmentRepository. */
export class MemoryCurtailmentRepository implements CurtailmentRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async start(curtailment: Curtailment): Promise<void> {
    if (this.#state.curtailments.has(curtailment.id)) {
      throw duplicateId('curtailment', curtailment.id);
    }
    this.#state.curtailments.set(curtailment.id, copy(curtailment));
  }

  async release(id: string, atMs: number): Promise<boolean> {
    const curtailment = this.#state.curtailments.get(id);
    if (curtailment === undefined || curtailment.releasedAtMs !== undefined) return false;
    this.#state.curtailments.set(id, { ...curtailment, releasedAtMs: atMs });
    return true;
  }

  async active(): Promise<Curtailment[]> {
    return [...this.#state.curtailments.values()]
      .filter((curtailment) => curtailment.releasedAtMs === undefined)
      .sort((a, b) => a.startedAtMs - b.startedAtMs || byText(a.id, b.id))
      .map(copy);
  }
}
