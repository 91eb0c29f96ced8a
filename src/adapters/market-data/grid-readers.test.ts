import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors/index.ts';
import { ancillaryPricesFromCsv } from './ancillary-prices-reader.ts';
import { parseCsv } from './csv-reader.ts';
import { dataDirFromEnv } from './data-dir.ts';
import { gridEventsFromCsv } from './grid-events-reader.ts';
import { ReplayMarketData } from './replay-market-data.ts';
import { systemLoadFromCsv } from './system-load-reader.ts';

/**
 * The real ERCOT files in ../shared/data/grid (README there): Native Load 2023-2024 (ERCOT load
 * archives), DAM AS clearing prices (NP4-181-ER), grid events from ERCOT notices and press.
 */
const dataDir = dataDirFromEnv();

describe('grid readers on the shared ERCOT files', () => {
  let market: ReplayMarketData;
  beforeAll(async () => {
    market = await ReplayMarketData.load(dataDir);
  });

  it('reads two full years of hourly Native Load without gaps, through both DST changes', () => {
    const load = market.systemLoad();
    expect(load.startMs).toBe(Date.parse('2023-01-01T06:00:00Z'));
    expect((load.endMs - load.startMs) / 3_600_000).toBe(8760 + 8784);
    expect(load.gaps).toEqual([]);
    // README: 2023 max 85,464.1 MW at 2023-08-10 HE 18 (17:00-18:00 CDT = 22:00Z).
    expect(load.at(Date.parse('2023-08-10T22:00:00Z'))).toBeCloseTo(85464.1, 0);
  });

  it('keeps ECRS blank before it existed (3,839 hours) and reads its first price', () => {
    const ecrs = market.ancillaryPrices('ecrs');
    const missingHours = ecrs.gaps.reduce((sum, g) => sum + g.intervals, 0);
    expect(missingHours).toBe(3839 - (ecrs.startMs - Date.parse('2023-01-01T06:00:00Z')) / 3_600_000);
    // First value 10.00 $/MW at 2023-06-10 HE1 (00:00-01:00 CDT = 05:00Z).
    expect(ecrs.at(Date.parse('2023-06-10T05:00:00Z'))).toBe(10);
    expect(market.ancillaryPrices('rrs').gaps).toEqual([]);
  });

  it('places the 2023-09-06 EEA2 at 19:25-20:27 CDT and keeps the ERS deployment without times', () => {
    const events = market.gridEvents();
    const eea2 = events.find((e) => e.type === 'EEA2')!;
    expect(new Date(eea2.fromMs!).toISOString()).toBe('2023-09-07T00:25:00.000Z');
    expect(new Date(eea2.toMs!).toISOString()).toBe('2023-09-07T01:27:00.000Z');
    const ers = events.find((e) => e.type === 'ers_deployment')!;
    expect(ers.fromMs).toBeUndefined();
    expect(new Date(ers.dayStartMs).toISOString()).toBe('2023-09-06T05:00:00.000Z');
    expect(events.filter((e) => e.type === 'conservation_appeal').length).toBeGreaterThanOrEqual(8);
  });
});

describe('grid readers on malformed files', () => {
  it('names the file, line and column of a blank system load', () => {
    const table = parseCsv(
      'interval_start_utc,ercot_mw\n2023-01-01T06:00Z,35000\n2023-01-01T07:00Z,\n',
      join('grid', 'load.csv'),
    );
    expect(() => systemLoadFromCsv([table])).toThrow(/load\.csv:3:2 \(column ercot_mw\)/);
  });

  it('requires the service column', () => {
    const table = parseCsv('interval_start_utc,rrs_usd_per_mw\n2023-01-01T06:00Z,1\n', 'as.csv');
    expect(() => ancillaryPricesFromCsv('ecrs', [table])).toThrow(DataFileError);
    expect(() => ancillaryPricesFromCsv('ecrs', [table])).toThrow(/ecrs_usd_per_mw/);
  });

  it('rejects an unknown event type, a lone time and an end before the start', () => {
    const header = 'date_cpt,event_type,start_time_cpt,end_time_cpt,detail,confidence\n';
    const parse = (row: string) => gridEventsFromCsv([parseCsv(`${header}${row}\n`, 'events.csv')]);
    expect(() => parse('2023-09-06,EEA9,19:25,20:27,x,high')).toThrow(/events\.csv:2:2.*not an event type/);
    expect(() => parse('2023-09-06,EEA2,19:25,,x,high')).toThrow(/both start and end/);
    expect(() => parse('2023-09-06,EEA2,20:25,19:27,x,high')).toThrow(/after the start/);
    expect(() => parse('2023-09-06,EEA2,7pm,20:27,x,high')).toThrow(/not a local time/);
  });
});
