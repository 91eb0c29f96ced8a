import type { EnergyInterval, MeterMinute } from '../ports/actuals-repository.ts';
import type { SiteDayEnergy } from './site-day-energy.ts';

const HOUR_MS = 3_600_000;

/** Energy drawn over one stretch of a day, to be priced by the contract in force at its start. */
export interface PricedInterval {
  readonly startMs: number;
  readonly energyWh: number;
}

/**
 * The day's energy split into the intervals the contract prices, from the same source the day's
 * figure came from (so the cost and the energy agree): the utility's quarter-hours; the meter's
 * import register between consecutive readings, the day's edges at the power read there; or the
 * labelled device-sum fallback as 24 equal hours. Nothing measured: no intervals.
 */
export function dayEnergyIntervals(
  energy: SiteDayEnergy,
  utility: readonly EnergyInterval[],
  meter: readonly MeterMinute[],
): PricedInterval[] {
  if (energy.energyWh === null || energy.source === null) return [];
  const dayStart = Date.parse(`${energy.date}T00:00:00Z`);
  const dayEnd = dayStart + 24 * HOUR_MS;
  switch (energy.source) {
    case 'utility-csv':
      return utility
        .filter((i) => i.startMs >= dayStart && i.endMs <= dayEnd)
        .map((i) => ({ startMs: i.startMs, energyWh: i.energyWh }));
    case 'meter': {
      const readings = meter
        .map((m) => m.reading)
        .filter((r) => r.atMs >= dayStart && r.atMs < dayEnd && r.importedEnergyWh !== null)
        .sort((a, b) => a.atMs - b.atMs);
      if (readings.length === 0) return [];
      const first = readings[0]!;
      const last = readings.at(-1)!;
      const out: PricedInterval[] = [
        { startMs: dayStart, energyWh: ((first.activePowerW ?? 0) * (first.atMs - dayStart)) / HOUR_MS },
      ];
      for (let i = 1; i < readings.length; i++)
        out.push({
          startMs: readings[i - 1]!.atMs,
          energyWh: readings[i]!.importedEnergyWh! - readings[i - 1]!.importedEnergyWh!,
        });
      out.push({ startMs: last.atMs, energyWh: ((last.activePowerW ?? 0) * (dayEnd - last.atMs)) / HOUR_MS });
      return out;
    }
    case 'device-sum':
      return Array.from({ length: 24 }, (_, h) => ({
        startMs: dayStart + h * HOUR_MS,
        energyWh: energy.energyWh! / 24,
      }));
  }
}
