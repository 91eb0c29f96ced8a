import { SwitchyardError } from '../../core/errors/index.ts';
import type { SiteMeter, SiteMeterReading } from '../../core/ports/site-meter.ts';

/** SiteMeter for tests: `withPower(W)` integrates into the import register on the given clock; `silent()` stops answering. */
export class FakeSiteMeter implements SiteMeter {
  readonly #now: () => number;
  #powerW = 0;
  #importedWh = 0;
  #lastMs: number;
  #silent = false;
  reads = 0;

  constructor(now: () => number) {
    this.#now = now;
    this.#lastMs = now();
  }

  withPower(watts: number): this {
    this.#advance();
    this.#powerW = watts;
    return this;
  }

  /** Stops answering (true) or answers again (false). */
  silent(on = true): this {
    this.#silent = on;
    return this;
  }

  async read(): Promise<SiteMeterReading> {
    this.reads++;
    if (this.#silent) throw new SwitchyardError('SY_ERR_METER_UNREACHABLE', 'Modbus TCP fake: no reply');
    this.#advance();
    return {
      atMs: this.#now(),
      activePowerW: this.#powerW,
      importedEnergyWh: this.#importedWh,
      exportedEnergyWh: 0,
    };
  }

  async close(): Promise<void> {}

  #advance(): void {
    const now = this.#now();
    if (now > this.#lastMs) this.#importedWh += (this.#powerW * (now - this.#lastMs)) / 3_600_000;
    this.#lastMs = Math.max(this.#lastMs, now);
  }
}
