import type { SetpointRecord, SetpointRepository } from '../../core/ports/storage.ts';
import { byText, copy, getOrCreate, type MemoryState } from './memory-state.ts';

/** In-memory SetpointRepository: per-site sequence numbers from 1. */
export class MemorySetpointRepository implements SetpointRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async issue(
    setpoint: Omit<SetpointRecord, 'seq' | 'ackedAtMs' | 'ackOk' | 'ackMessage' | 'reachedMiningMw'>,
  ): Promise<SetpointRecord> {
    const seq = (this.#state.setpointCounters.get(setpoint.siteId) ?? 0) + 1;
    this.#state.setpointCounters.set(setpoint.siteId, seq);
    const record: SetpointRecord = { ...copy(setpoint), seq };
    getOrCreate(this.#state.setpoints, setpoint.siteId, () => []).push(record);
    return copy(record);
  }

  async ack(
    siteId: string,
    seq: number,
    ack: { atMs: number; ok: boolean; message: string; reachedMiningMw: number },
  ): Promise<boolean> {
    const list = this.#state.setpoints.get(siteId) ?? [];
    const index = list.findIndex((record) => record.seq === seq);
    if (index < 0 || list[index]!.ackedAtMs !== undefined) return false;
    list[index] = {
      ...list[index]!,
      ackedAtMs: ack.atMs,
      ackOk: ack.ok,
      ackMessage: ack.message,
      reachedMiningMw: ack.reachedMiningMw,
    };
    return true;
  }

  async latest(siteId: string): Promise<SetpointRecord | undefined> {
    const list = this.#state.setpoints.get(siteId) ?? [];
    const newest = list.reduce<SetpointRecord | undefined>(
      (best, record) => (best === undefined || record.seq > best.seq ? record : best),
      undefined,
    );
    return newest === undefined ? undefined : copy(newest);
  }

  async list(filter: { siteId?: string; fromMs: number; toMs: number }): Promise<SetpointRecord[]> {
    return this.#all()
      .filter((record) => filter.siteId === undefined || record.siteId === filter.siteId)
      .filter((record) => record.issuedAtMs >= filter.fromMs && record.issuedAtMs < filter.toMs)
      .map(copy);
  }

  async unacked(beforeMs: number): Promise<SetpointRecord[]> {
    return this.#all()
      .filter((record) => record.ackedAtMs === undefined && record.issuedAtMs < beforeMs)
      .map(copy);
  }

  /** Every setpoint, ordered by issue time, site, seq. */
  #all(): SetpointRecord[] {
    return [...this.#state.setpoints.values()]
      .flat()
      .sort((a, b) => a.issuedAtMs - b.issuedAtMs || byText(a.siteId, b.siteId) || a.seq - b.seq);
  }
}
