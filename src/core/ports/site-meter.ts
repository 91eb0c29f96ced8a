/**
 * One reading of a site's revenue meter (a three-phase power meter at the point of interconnection).
 * A value the meter did not report is null, never 0.
 */
export interface SiteMeterReading {
  /** When the meter was read, epoch ms. */
  readonly atMs: number;
  /** Total active power drawn by the site, W (positive = import). */
  readonly activePowerW: number | null;
  /** Cumulative imported active energy register, Wh. */
  readonly importedEnergyWh: number | null;
  /** Cumulative exported active energy register, Wh (sites that sell back). */
  readonly exportedEnergyWh: number | null;
}

/** A site's revenue meter as the site agent reads it (Modbus TCP in production, a fake in tests). */
export interface SiteMeter {
  /** Reads the meter once; throws a SwitchyardError with a stable code when it does not answer. */
  read(): Promise<SiteMeterReading>;
  close(): Promise<void>;
}
