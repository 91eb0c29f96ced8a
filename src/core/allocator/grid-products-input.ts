/**
 * The grid products a site plan co-optimises with mining, GPUs and the battery (all USD, forecasts
 * per interval): a fixed-price block whose unused part is sold back, ancillary capacity offered by
 * service, the expected 4CP transmission charge and curtailable load held for a standby programme.
 */
export interface AncillaryProduct {
  /** Service name, e.g. `rrs`, `ecrs`, `non-spin`, `reg-up`, `reg-down`. */
  readonly service: string;
  /** Largest award in an interval, MW. */
  readonly maxMw: number;
  /** True when a deployment reduces load (RRS, ECRS, Non-Spin, Reg-Up); false when it raises it (Reg-Down). */
  readonly reducesLoad: boolean;
  /** Per interval: capacity price, USD per MW per hour. */
  readonly priceUsdPerMwHour: readonly number[];
}

export interface GridProductsInput {
  /** Fixed-price block: MW bought every interval at `priceUsdPerMwh`; the unused part sells at the export price. */
  readonly block?: { readonly blockMw: number; readonly priceUsdPerMwh: number };
  readonly ancillary: readonly AncillaryProduct[];
  /** Per interval: probability that the interval is one of the system peaks (4CP). */
  readonly fourCpProbability?: readonly number[];
  /** Transmission charge if an interval is a peak, USD per MW of meter import in it. */
  readonly fourCpUsdPerMw?: number;
  /** Per interval: curtailable load a standby programme (ERS) pays for holding, MW, and its price. */
  readonly standbyMw?: readonly number[];
  readonly standbyUsdPerMwHour?: number;
  /** Hours a battery must sustain the capacity it carries (default 1). */
  readonly batteryCarryHours?: number;
}
