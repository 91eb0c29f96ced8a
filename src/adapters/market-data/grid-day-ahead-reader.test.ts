import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvFileSync } from './csv-reader.ts';
import { dataDirFromEnv } from './data-dir.ts';
import { dayAheadColumns, dayAheadSeriesFromCsv, GRID_DAY_AHEAD_FILE } from './grid-day-ahead-reader.ts';

// The first rows of ../shared/data/grid/ercot_dam_spp_hubs_zones_hourly_2023_2024.csv (ERCOT DAM
// settlement point prices, hour-ending CPT with UTC columns; source in grid/README.md), the second
// row's HB_NORTH emptied to show a gap.
const SAMPLE = `delivery_date_cpt,hour_ending,repeated_hour_flag,interval_start_utc,interval_end_utc,hb_busavg_usd_per_mwh,hb_hubavg_usd_per_mwh,hb_houston_usd_per_mwh,hb_north_usd_per_mwh,hb_pan_usd_per_mwh,hb_south_usd_per_mwh,hb_west_usd_per_mwh,lz_aen_usd_per_mwh,lz_cps_usd_per_mwh,lz_houston_usd_per_mwh,lz_lcra_usd_per_mwh,lz_north_usd_per_mwh,lz_raybn_usd_per_mwh,lz_south_usd_per_mwh,lz_west_usd_per_mwh
2023-01-01,1,N,2023-01-01T06:00Z,2023-01-01T07:00Z,10.36,10.42,10.37,10.48,7.88,9.73,11.11,10.77,11.51,10.36,10.81,10.7,10.54,8.22,20.48
2023-01-01,2,N,2023-01-01T07:00Z,2023-01-01T08:00Z,9.85,9.96,9.85,,7.35,9.31,10.81,10.3,11.1,9.84,10.37,10.1,9.94,7.68,20.81
2023-01-01,3,N,2023-01-01T08:00Z,2023-01-01T09:00Z,9.5,9.6,9.5,9.6,7.1,9.0,10.5,10.0,10.8,9.5,10.0,9.8,9.6,7.4,20.5
`;

describe('ERCOT day-ahead prices of every hub and load zone', () => {
  const table = parseCsv(SAMPLE, 'ercot_dam_spp_hubs_zones_hourly_2023_2024.csv');

  it('names one series per settlement point column', () => {
    const ids = [...dayAheadColumns(table.header).keys()];
    expect(ids).toContain('ercot_da_hb_north');
    expect(ids).toContain('ercot_da_hb_west');
    expect(ids).toContain('ercot_da_lz_houston');
    expect(ids).toHaveLength(15);
  });

  it('reads a column as an hourly USD series with empty cells as gaps', () => {
    const column = dayAheadColumns(table.header).get('ercot_da_hb_north')!;
    const read = dayAheadSeriesFromCsv('ercot_da_hb_north', table, column);
    expect(read.currency).toBe('USD');
    expect(read.series.resolutionMs).toBe(3_600_000);
    expect(read.series.at(Date.parse('2023-01-01T06:00:00Z'))).toBe(10.48);
    expect(read.series.at(Date.parse('2023-01-01T07:00:00Z'))).toBeUndefined();
    expect(read.series.at(Date.parse('2023-01-01T08:00:00Z'))).toBe(9.6);
    expect(read.gaps).toHaveLength(1);
  });

  it.runIf(existsSync(join(dataDirFromEnv(), GRID_DAY_AHEAD_FILE)))(
    'reads the shipped file: two full years of HB_NORTH; HB_WEST starts as power/ercot_da_hb_west_2023.csv does',
    () => {
      const shipped = readCsvFileSync(join(dataDirFromEnv(), GRID_DAY_AHEAD_FILE));
      const columns = dayAheadColumns(shipped.header);
      const north = dayAheadSeriesFromCsv('ercot_da_hb_north', shipped, columns.get('ercot_da_hb_north')!);
      expect(north.series.startMs).toBe(Date.parse('2023-01-01T06:00:00Z'));
      expect(north.series.endMs).toBe(Date.parse('2025-01-01T06:00:00Z'));
      const west = dayAheadSeriesFromCsv('ercot_da_hb_west', shipped, columns.get('ercot_da_hb_west')!);
      // grid/README.md: HB_WEST equals power/ercot_da_hb_west_2023.csv; its first value is 11.11.
      expect(west.series.at(Date.parse('2023-01-01T06:00:00Z'))).toBe(11.11);
    },
  );
});
