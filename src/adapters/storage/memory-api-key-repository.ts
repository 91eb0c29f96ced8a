import type { ApiKeyRecord, ApiKeyRepository } from '../../core/ports/storage.ts';
import { duplicateId } from './duplicate-id.ts';
import { byText, copy, type MemoryState } from './memory-state.ts';

/** In-memory ApiKeyRepository. */
export class MemoryApiKeyRepository implements ApiKeyRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async create(record: ApiKeyRecord): Promise<void> {
    if (this.#state.apiKeys.has(record.id)) {
      throw duplicateId('API key', record.id);
    }
    this.#state.apiKeys.set(record.id, copy(record));
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const record = this.#state.apiKeys.get(id);
    return record === undefined ? undefined : copy(record);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.#state.apiKeys.values()]
      .sort((a, b) => a.createdAtMs - b.createdAtMs || byText(a.id, b.id))
      .map(copy);
  }

  async revoke(id: string, atMs: number): Promise<boolean> {
    const record = this.#state.apiKeys.get(id);
    if (record === undefined || record.revokedAtMs !== undefined) return false;
    this.#state.apiKeys.set(id, { ...record, revokedAtMs: atMs });
    return true;
  }

  async count(): Promise<number> {
    return this.#state.apiKeys.size;
  }
}
