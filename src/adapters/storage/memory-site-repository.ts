import type { Site } from '../../core/fleet/fleet-schema.ts';
import type { SiteRecord, SiteRepository } from '../../core/ports/storage.ts';
import { byText, copy, type MemoryState } from './memory-state.ts';
import { siteConflict } from './site-conflict.ts';

/** In-memory SiteRepository with the same versioning rules as SqlSiteRepository. */
export class MemorySiteRepository implements SiteRepository {
  readonly #state: MemoryState;
  readonly #now: () => number;

  constructor(state: MemoryState, now: () => number) {
    this.#state = state;
    this.#now = now;
  }

  async list(): Promise<SiteRecord[]> {
    return [...this.#state.sites.values()].sort((a, b) => byText(a.site.id, b.site.id)).map(copy);
  }

  async get(siteId: string): Promise<SiteRecord | undefined> {
    const record = this.#state.sites.get(siteId);
    return record === undefined ? undefined : copy(record);
  }

  async put(site: Site, expectedVersion?: number): Promise<SiteRecord> {
    const stored = this.#state.sites.get(site.id);
    const actualVersion = stored?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== actualVersion) {
      throw siteConflict(site.id, expectedVersion, actualVersion);
    }
    const record: SiteRecord = { site: copy(site), version: actualVersion + 1, updatedAtMs: this.#now() };
    this.#state.sites.set(site.id, record);
    return copy(record);
  }

  async delete(siteId: string): Promise<boolean> {
    return this.#state.sites.delete(siteId);
  }
}
