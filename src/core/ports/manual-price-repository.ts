import type { ManualPrice } from '../market/manual-price.ts';

/**
 * The energy desk's manual prices (see core/market/manual-price.ts). An entry is never edited: it
 * is withdrawn (`removedAtMs`) or runs out (`expiresAtMs`), and stays stored for the record.
 */
export interface ManualPriceRepository {
  /** Stores a new entry; a duplicate id fails with SY_ERR_STORAGE_CONFLICT and changes nothing. */
  create(entry: ManualPrice): Promise<void>;
  get(id: string): Promise<ManualPrice | undefined>;
  /** Entries neither withdrawn nor expired at `nowMs`, by entry time then id. */
  current(nowMs: number): Promise<ManualPrice[]>;
  /** Withdraws an entry at `atMs`; false when it is unknown or already withdrawn. */
  remove(id: string, atMs: number): Promise<boolean>;
}
