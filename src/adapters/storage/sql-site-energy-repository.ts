import type {
  EnergyInterval,
  EnergySource,
  MeterMinute,
  SiteEnergyRepository,
} from '../../core/ports/actuals-repository.ts';
import type { SiteMeterReading } from '../../core/ports/site-meter.ts';
import type { SqlDatabase } from './sql-database.ts';
import { num, numOrNull } from './sql-values.ts';

const MINUTE_MS = 60_000;

interface MeterRow {
  site_id: string;
  minute_ms: string | number;
  at_ms: string | number;
  active_power_w: number | null;
  imported_energy_wh: number | null;
  exported_energy_wh: number | null;
}

interface IntervalRow {
  site_id: string;
  source: EnergySource;
  start_ms: string | number;
  end_ms: string | number;
  energy_wh: string | number;
}

/** Meter minutes and energy intervals in `meter_minutes` / `energy_intervals` (migration 0030). */
export class SqlSiteEnergyRepository implements SiteEnergyRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async recordMeter(siteId: string, reading: SiteMeterReading): Promise<void> {
    const minuteMs = Math.floor(reading.atMs / MINUTE_MS) * MINUTE_MS;
    await this.#db.query(
      `INSERT INTO meter_minutes (site_id, minute_ms, at_ms, active_power_w, imported_energy_wh, exported_energy_wh)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (site_id, minute_ms) DO UPDATE SET at_ms = EXCLUDED.at_ms,
         active_power_w = EXCLUDED.active_power_w, imported_energy_wh = EXCLUDED.imported_energy_wh,
         exported_energy_wh = EXCLUDED.exported_energy_wh
       WHERE meter_minutes.at_ms <= EXCLUDED.at_ms`,
      [
        siteId,
        minuteMs,
        reading.atMs,
        reading.activePowerW,
        reading.importedEnergyWh,
        reading.exportedEnergyWh,
      ],
    );
  }

  async meterMinutes(siteId: string, fromMs: number, toMs: number): Promise<MeterMinute[]> {
    const rows = await this.#db.query<MeterRow>(
      `SELECT * FROM meter_minutes WHERE site_id = $1 AND minute_ms >= $2 AND minute_ms < $3 ORDER BY minute_ms`,
      [siteId, fromMs, toMs],
    );
    return rows.map((row) => ({
      siteId: row.site_id,
      minuteMs: num(row.minute_ms),
      reading: {
        atMs: num(row.at_ms),
        activePowerW: numOrNull(row.active_power_w),
        importedEnergyWh: numOrNull(row.imported_energy_wh),
        exportedEnergyWh: numOrNull(row.exported_energy_wh),
      },
    }));
  }

  async putIntervals(intervals: readonly EnergyInterval[]): Promise<number> {
    if (intervals.length === 0) return 0;
    await this.#db.query(
      `INSERT INTO energy_intervals (site_id, source, start_ms, end_ms, energy_wh)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
       ON CONFLICT (site_id, source, start_ms) DO UPDATE SET end_ms = EXCLUDED.end_ms, energy_wh = EXCLUDED.energy_wh`,
      [
        intervals.map((i) => i.siteId),
        intervals.map((i) => i.source),
        intervals.map((i) => i.startMs),
        intervals.map((i) => i.endMs),
        intervals.map((i) => i.energyWh),
      ],
    );
    return intervals.length;
  }

  async intervals(
    siteId: string,
    fromMs: number,
    toMs: number,
    source?: EnergySource,
  ): Promise<EnergyInterval[]> {
    const rows = await this.#db.query<IntervalRow>(
      `SELECT site_id, source, start_ms, end_ms, energy_wh FROM energy_intervals
       WHERE site_id = $1 AND start_ms >= $2 AND start_ms < $3 AND ($4::text IS NULL OR source = $4)
       ORDER BY start_ms, source`,
      [siteId, fromMs, toMs, source ?? null],
    );
    return rows.map((row) => ({
      siteId: row.site_id,
      source: row.source,
      startMs: num(row.start_ms),
      endMs: num(row.end_ms),
      energyWh: num(row.energy_wh),
    }));
  }
}
