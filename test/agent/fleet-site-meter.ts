import type { FakeMinerFleet } from '../../src/agent/fake-miner-fleet.ts';
import type { Clock } from '../../src/core/ports/clock.ts';
import type { SiteMeter, SiteMeterReading } from '../../src/core/ports/site-meter.ts';

/**
 * A fake site meter over a fake miner fleet: it reads what the miners draw now plus a facility load
 * the agent does not command (cooling, losses), as a revenue meter at the point of interconnection
 * would. `withFacilityW` changes that load; `withDown` makes reads fail.
 */
export class FleetSiteMeter implements SiteMeter {
  readonly #fleet: FakeMinerFleet;
  readonly #clock: Clock;
  #facilityW = 0;
  #down = false;
  reads = 0;

  constructor(fleet: FakeMinerFleet, clock: Clock) {
    this.#fleet = fleet;
    this.#clock = clock;
  }

  withFacilityW(watts: number): this {
    this.#facilityW = watts;
    return this;
  }

  withDown(down = true): this {
    this.#down = down;
    return this;
  }

  async read(): Promise<SiteMeterReading> {
    this.reads += 1;
    if (this.#down) throw new Error('meter did not answer');
    return {
      atMs: this.#clock.nowMs(),
      activePowerW: this.#fleet.drawW() + this.#facilityW,
      importedEnergyWh: null,
      exportedEnergyWh: null,
    };
  }

  async close(): Promise<void> {}
}
