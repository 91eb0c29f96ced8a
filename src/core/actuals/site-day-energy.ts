import type { EnergyInterval, EnergySource, MeterMinute } from '../ports/actuals-repository.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A site's energy for one UTC day, with where the figure comes from. */
export interface SiteDayEnergy {
  readonly siteId: string;
  readonly date: string;
  /** Whole Wh imported over the day; null when nothing measured it (a labelled gap, never 0). */
  readonly energyWh: number | null;
  /** `utility-csv` (96 quarter-hours), `meter` (register delta), `device-sum` (labelled fallback), or null. */
  readonly source: EnergySource | null;
  /** Share of the day the chosen source measured (0..1). */
  readonly coverage: number;
}

export interface SiteDayEnergyInput {
  readonly siteId: string;
  readonly date: string;
  /** Utility interval data starting in the day. */
  readonly utility: readonly EnergyInterval[];
  /** Meter minutes of the day. */
  readonly meter: readonly MeterMinute[];
  /** Device-sum fallback: average IT power over the reported minutes (W), their count, and the site's PUE. */
  readonly devices: {
    readonly averageItPowerW: number | null;
    readonly minutesReported: number;
    readonly pue: number;
  };
  /** Least coverage a source needs to be used (default 0.9); below it the next source is tried. */
  readonly minCoverage?: number;
}

/**
 * The day's energy from the best source that covers it: the utility's interval data (what the bill
 * is computed from), else the revenue meter's import register (delta between the day's first and
 * last reading, the edges extended at the power read there), else the sum of device power x PUE
 * (labelled `device-sum`). A day nothing covers has a null figure.
 */
export function siteDayEnergy(input: SiteDayEnergyInput): SiteDayEnergy {
  const minCoverage = input.minCoverage ?? 0.9;
  const dayStart = Date.parse(`${input.date}T00:00:00Z`);
  const dayEnd = dayStart + DAY_MS;
  const base = { siteId: input.siteId, date: input.date };

  const utility = input.utility.filter((i) => i.startMs >= dayStart && i.endMs <= dayEnd);
  const utilityMs = utility.reduce((sum, i) => sum + (i.endMs - i.startMs), 0);
  if (utilityMs / DAY_MS >= minCoverage) {
    const wh = utility.reduce((sum, i) => sum + i.energyWh, 0);
    return {
      ...base,
      energyWh: Math.round((wh * DAY_MS) / utilityMs),
      source: 'utility-csv',
      coverage: utilityMs / DAY_MS,
    };
  }

  const readings = input.meter
    .map((m) => m.reading)
    .filter((r) => r.atMs >= dayStart && r.atMs < dayEnd && r.importedEnergyWh !== null)
    .sort((a, b) => a.atMs - b.atMs);
  if (readings.length >= 2) {
    const first = readings[0]!;
    const last = readings.at(-1)!;
    const spanMs = last.atMs - first.atMs;
    // Gaps between readings longer than 15 min are not measured (the register still counts them,
    // but the coverage says how much of the day the meter was seen answering).
    let seenMs = 0;
    for (let i = 1; i < readings.length; i++)
      seenMs += Math.min(readings[i]!.atMs - readings[i - 1]!.atMs, 900_000);
    const coverage = seenMs / DAY_MS;
    if (coverage >= minCoverage * ((DAY_MS - 120_000) / DAY_MS)) {
      const delta = last.importedEnergyWh! - first.importedEnergyWh!;
      const head = ((first.activePowerW ?? 0) * (first.atMs - dayStart)) / HOUR_MS;
      const tail = ((last.activePowerW ?? 0) * (dayEnd - last.atMs)) / HOUR_MS;
      if (delta >= 0 && spanMs > 0)
        return { ...base, energyWh: Math.round(delta + head + tail), source: 'meter', coverage };
    }
  }

  const { averageItPowerW, minutesReported, pue } = input.devices;
  if (averageItPowerW !== null && minutesReported > 0) {
    const coverage = minutesReported / 1_440;
    return { ...base, energyWh: Math.round(averageItPowerW * pue * 24), source: 'device-sum', coverage };
  }
  return { ...base, energyWh: null, source: null, coverage: 0 };
}
