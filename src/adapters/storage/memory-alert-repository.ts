import type { Alert, AlertRepository } from '../../core/ports/storage.ts';
import { copy, type MemoryState } from './memory-state.ts';

/** In-memory AlertRepository: one open alert per (kind, site). */
export class MemoryAlertRepository implements AlertRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async raise(alert: Omit<Alert, 'id' | 'resolvedAtMs'>): Promise<Alert> {
    const open = this.#state.alerts.find(
      (stored) =>
        stored.resolvedAtMs === undefined && stored.kind === alert.kind && stored.siteId === alert.siteId,
    );
    if (open !== undefined) return copy(open);
    this.#state.alertSeq += 1;
    const stored: Alert = { id: String(this.#state.alertSeq), ...copy(alert) };
    this.#state.alerts.push(stored);
    return copy(stored);
  }

  async resolve(kind: string, siteId: string | undefined, atMs: number): Promise<number> {
    let resolved = 0;
    this.#state.alerts = this.#state.alerts.map((alert) => {
      if (alert.resolvedAtMs !== undefined || alert.kind !== kind || alert.siteId !== siteId) return alert;
      resolved++;
      return { ...alert, resolvedAtMs: atMs };
    });
    return resolved;
  }

  async list(filter: { open?: boolean; siteId?: string; limit?: number }): Promise<Alert[]> {
    const alerts = this.#state.alerts
      .filter((alert) => filter.open === undefined || (alert.resolvedAtMs === undefined) === filter.open)
      .filter((alert) => filter.siteId === undefined || alert.siteId === filter.siteId)
      .sort((a, b) => b.atMs - a.atMs || Number(b.id) - Number(a.id));
    return (filter.limit === undefined ? alerts : alerts.slice(0, filter.limit)).map(copy);
  }
}
