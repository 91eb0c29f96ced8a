import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { formatPath, parseFleet } from './parse-fleet.ts';
import { fleetIssues as issuesOf } from './testing/fleet-issues.ts';

function minimalSite(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'site-a',
    name: 'Site A',
    region: 'north-america',
    country: 'US',
    timeZone: 'America/Chicago',
    coordinates: { lat: 31.4, lon: -103.5 },
    grid: { importMw: 5 },
    supply: [{ kind: 'fixed', pricePerMwh: 40 }],
    minerGroups: [{ id: 's21', model: 'Antminer S21', count: 10, firmware: 'antminer-stock' }],
    pool: { name: 'Foundry USA', feePercent: 2 },
    ...overrides,
  };
}

describe('formatPath', () => {
  it('joins keys with dots and puts indices in brackets', () => {
    expect(formatPath(['sites', 3, 'battery', 'capacityMwh'])).toBe('sites[3].battery.capacityMwh');
    expect(formatPath(['sites', 0, 'supply', 1, 'periods', 2, 'toHour'])).toBe(
      'sites[0].supply[1].periods[2].toHour',
    );
  });

  it('handles a single key, a leading index and adjacent indices', () => {
    expect(formatPath(['version'])).toBe('version');
    expect(formatPath([2, 'id'])).toBe('[2].id');
    expect(formatPath(['matrix', 1, 2])).toBe('matrix[1][2]');
  });

  it('names the empty path (root)', () => {
    expect(formatPath([])).toBe('(root)');
  });

  it('writes symbols by their description', () => {
    expect(formatPath(['a', Symbol('b')])).toBe('a.Symbol(b)');
  });
});

describe('parseFleet', () => {
  it('fills defaults and freezes the result deeply', () => {
    const fleet = parseFleet({ version: 1, sites: [minimalSite()] }, 'test.yaml');
    expect(fleet.baseCurrency).toBe('USD');
    expect(fleet.currencies).toEqual({});
    const [site] = fleet.sites;
    expect(site).toMatchObject({
      pue: 1.05,
      gpuNodes: [],
      demandResponse: [],
      grid: { importMw: 5, exportMw: 0 },
    });
    expect(site!.minerGroups[0]!.underclockEfficiencyExponent).toBe(0.3);
    expect(Object.isFrozen(fleet)).toBe(true);
    expect(Object.isFrozen(site!.minerGroups[0])).toBe(true);
    expect(() => {
      (site!.grid as { importMw: number }).importMw = 99;
    }).toThrow(TypeError);
  });

  it('throws a ConfigError naming the source, with SY_ERR_CONFIG_INVALID and one line per issue', () => {
    let caught: unknown;
    try {
      parseFleet({ version: 1, sites: [minimalSite({ pue: 0.9, grid: { importMw: -1 } })] }, 'my-fleet.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).toBe('SY_ERR_CONFIG_INVALID');
    expect(error.message).toBe(
      'my-fleet.yaml: 2 problem(s)\n  sites[0].grid.importMw: must be >= 0\n  sites[0].pue: must be >= 1',
    );
  });

  it('describes missing fields, wrong enum values, unknown fields and empty lists', () => {
    const { pool: _pool, ...withoutPool } = minimalSite();
    expect(issuesOf({ version: 1, sites: [withoutPool] })).toEqual([
      { path: 'sites[0].pool', message: 'is required' },
    ]);
    expect(
      issuesOf({ version: 1, sites: [minimalSite({ supply: [{ kind: 'spot', pricePerMwh: 40 }] })] }),
    ).toEqual([
      {
        path: 'sites[0].supply[0].kind',
        message: 'must be one of "fixed", "time-of-use", "market", "ppa", "solar", "wind"',
      },
    ]);
    expect(issuesOf({ version: 1, sites: [minimalSite({ colour: 'red' })] })).toEqual([
      { path: 'sites[0]', message: 'unknown field(s) "colour"' },
    ]);
    expect(issuesOf({ version: 2, sites: [] })).toEqual([
      { path: 'version', message: 'must be one of 1' },
      { path: 'sites', message: 'must list at least one site' },
    ]);
  });

  it('says what type a present but wrongly typed value has (not "is required")', () => {
    expect(issuesOf({ version: 1, sites: [minimalSite({ grid: { importMw: '5' } })] })).toEqual([
      { path: 'sites[0].grid.importMw', message: 'must be a number, got string' },
    ]);
  });
});
