/**
 * An emulated three-phase revenue meter: it measures what the site's emulated machines draw (their
 * IT power x PUE) and keeps the cumulative import register, integrating the power between readings
 * (the power seen at one reading holds until the next).
 */
export class EmulatedSiteMeter {
  readonly #itPowerW: () => number;
  readonly #pue: number;
  readonly #now: () => number;
  #lastMs: number;
  #lastPowerW: number;
  #importedWh: number;

  constructor(options: {
    /** What the site's machines draw now, W (miners' wall power + GPU nodes). */
    readonly itPowerW: () => number;
    /** Facility power / IT power (>= 1). */
    readonly pue: number;
    readonly now: () => number;
    /** Register value at start, Wh. Default 0. */
    readonly importedWh?: number;
  }) {
    this.#itPowerW = options.itPowerW;
    this.#pue = options.pue;
    this.#now = options.now;
    this.#lastMs = options.now();
    this.#lastPowerW = this.#facilityW();
    this.#importedWh = options.importedWh ?? 0;
  }

  /** Advances the register to now and returns power and energy as the meter shows them. */
  sample(): { readonly activePowerW: number; readonly importedWh: number; readonly exportedWh: number } {
    const now = this.#now();
    if (now > this.#lastMs) {
      this.#importedWh += (this.#lastPowerW * (now - this.#lastMs)) / 3_600_000;
      this.#lastMs = now;
    }
    this.#lastPowerW = this.#facilityW();
    return { activePowerW: this.#lastPowerW, importedWh: this.#importedWh, exportedWh: 0 };
  }

  #facilityW(): number {
    return Math.max(0, this.#itPowerW()) * this.#pue;
  }
}
