/**
 * A price the energy desk enters by hand. `price` and `fixed-window` replace a stored power-price
 * series' value for every interval in [fromMs, expiresAtMs) (a spot price the feed missed or got
 * wrong, or a fixed price agreed for a window); `tariff-override` replaces a site's import price
 * (its contract price) for the intervals of its window. The price is an exact decimal string, USD per MWh.
 */
export type ManualPriceKind = 'price' | 'fixed-window' | 'tariff-override';

export interface ManualPriceDraft {
  readonly kind: ManualPriceKind;
  /** The power-price series overridden (`price`, `fixed-window`). */
  readonly seriesId?: string;
  /** The site whose tariff is overridden (`tariff-override`). */
  readonly siteId?: string;
  /** Exact decimal, e.g. `45.00` or `-12.5`. */
  readonly usdPerMwh: string;
  readonly fromMs: number;
  readonly expiresAtMs: number;
  readonly note: string;
}

export interface ManualPrice extends ManualPriceDraft {
  readonly id: string;
  /** Who entered it: the audit actor (`apikey:<id>`, `cli:<user>`). */
  readonly enteredBy: string;
  readonly enteredAtMs: number;
  /** Set when withdrawn before its expiry. */
  readonly removedAtMs?: number;
}

/**
 * The energy desk's manual prices (applied by core/ticks/manual-prices.ts). An entry is never edited: it
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
