import type { SiteMeter, SiteMeterReading } from '../../core/ports/site-meter.ts';
import { ModbusTcpClient, type ModbusTcpOptions } from './modbus-tcp-client.ts';
import { type RegisterMap, readField, registerSpan } from './register-map.ts';

/**
 * The site revenue meter over Modbus TCP: one read of the block holding the map's registers per
 * reading. A value that is not finite (a float32 NaN the meter sends for "not available") is null.
 */
export class ModbusSiteMeter implements SiteMeter {
  readonly #client: ModbusTcpClient;
  readonly #map: RegisterMap;
  readonly #now: () => number;

  constructor(options: ModbusTcpOptions & { readonly map: RegisterMap; readonly now?: () => number }) {
    this.#client = new ModbusTcpClient(options);
    this.#map = options.map;
    this.#now = options.now ?? Date.now;
  }

  async read(): Promise<SiteMeterReading> {
    const span = registerSpan(this.#map);
    const registers = await this.#client.readRegisters(this.#map.functionCode, span.address, span.quantity);
    const value = (field: RegisterMap['activePower'] | undefined): number | null => {
      if (!field) return null;
      const v = readField(field, registers, span.address);
      return Number.isFinite(v) ? v : null;
    };
    const imported = value(this.#map.importedEnergy);
    const exported = value(this.#map.exportedEnergy);
    return {
      atMs: this.#now(),
      activePowerW: value(this.#map.activePower),
      importedEnergyWh: imported !== null && imported >= 0 ? imported : null,
      exportedEnergyWh: exported !== null && exported >= 0 ? exported : null,
    };
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
