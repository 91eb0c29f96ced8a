import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors/index.ts';
import { parseUtilityIntervalCsv } from './utility-interval-csv.ts';

describe('utility 15-min interval CSV', () => {
  it('reads quarter-hours with offsets (a DST morning in Texas) as exact Wh', () => {
    const csv =
      'interval_start,kwh,meter\n2025-03-09T01:45:00-06:00,1250.125,M1\n2025-03-09T03:00:00-05:00,1250,M1\n';
    expect(parseUtilityIntervalCsv(csv, 'ercot.csv', 'tx-west')).toEqual([
      {
        siteId: 'tx-west',
        source: 'utility-csv',
        startMs: Date.UTC(2025, 2, 9, 7, 45),
        endMs: Date.UTC(2025, 2, 9, 8),
        energyWh: 1_250_125,
      },
      {
        siteId: 'tx-west',
        source: 'utility-csv',
        startMs: Date.UTC(2025, 2, 9, 8),
        endMs: Date.UTC(2025, 2, 9, 8, 15),
        energyWh: 1_250_000,
      },
    ]);
  });

  it('refuses the whole file on a bad cell, naming line and column', () => {
    for (const [row, text] of [
      ['2025-03-09T01:50:00Z,1', 'quarter hour'],
      ['2025-03-09 01:45,1', 'ISO-8601'],
      ['2025-03-09T01:45:00Z,-1', 'not an energy'],
      ['2025-03-09T01:45:00Z,1.0001', 'not an energy'],
    ] as const) {
      let error: unknown;
      try {
        parseUtilityIntervalCsv(`interval_start,kwh\n${row}\n`, 'u.csv', 's');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataFileError);
      expect((error as Error).message).toContain('u.csv:2');
      expect((error as Error).message).toContain(text);
    }
    expect(() =>
      parseUtilityIntervalCsv(
        'interval_start,kwh\n2025-03-09T01:45:00Z,1\n2025-03-09T01:45:00Z,2\n',
        'u.csv',
        's',
      ),
    ).toThrow(/u.csv:3.*repeats/);
  });
});
