import type { AuditEntry, AuditRepository } from '../../core/ports/storage.ts';
import { copy, type MemoryState } from './memory-state.ts';

/** In-memory AuditRepository: ids are increasing decimal strings, as in SQL. */
export class MemoryAuditRepository implements AuditRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    this.#state.auditSeq += 1;
    const stored: AuditEntry = { id: String(this.#state.auditSeq), ...copy(entry) };
    this.#state.audit.push(stored);
    return copy(stored);
  }

  async list(filter: { target?: string; sinceMs?: number; limit?: number }): Promise<AuditEntry[]> {
    const entries = this.#state.audit
      .filter((entry) => filter.target === undefined || entry.target === filter.target)
      .filter((entry) => filter.sinceMs === undefined || entry.atMs >= filter.sinceMs)
      .sort((a, b) => b.atMs - a.atMs || Number(b.id) - Number(a.id));
    return (filter.limit === undefined ? entries : entries.slice(0, filter.limit)).map(copy);
  }
}
