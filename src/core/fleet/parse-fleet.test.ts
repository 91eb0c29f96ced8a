import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { formatPath, parseFleet } from './parse-fleet.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

function readExample(file: string): { sites: Record<string, unknown>[] } & Record<string, unknown> {
  const document = parseDocument(readFileSync(`${examplesDir}${file}`, 'utf8'), { uniqueKeys: true });
  expect(document.errors).toEqual([]);
  return document.toJS();
}

/** The issues parseFleet throws for `document`; fails the test if it does not throw a ConfigError. */
function issuesOf(document: unknown): readonly ConfigIssue[] {
  try {
    parseFleet(document, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('parseFleet accepted the document');
}

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

  it('accepts examples/fleet.yaml', () => {
    const fleet = parseFleet(readExample('fleet.yaml'), 'examples/fleet.yaml');
    expect(fleet.sites.length).toBeGreaterThanOrEqual(40);
    expect(fleet.sites[0]!.id).toBe('tx-west-1');
  });
});

describe('examples/broken-fleet.yaml', () => {
  const broken = readExample('broken-fleet.yaml');

  it('reports every schema mistake with its path and a helpful message', () => {
    const issues = issuesOf(broken);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'sites[0]', message: 'unknown field(s) "operator"' },
        {
          path: 'sites[1].minerGroups[0].firmware',
          message: 'must be one of "antminer-stock", "braiins-os", "luxos", "vnish", "whatsminer", "avalon"',
        },
        { path: 'sites[2].battery.socMax', message: 'must be > socMin (0.9)' },
        { path: 'sites[3].battery.capacityMwh', message: 'must be > 0' },
        {
          path: 'sites[4].timeZone',
          message: '"America/Houston" is not an IANA time zone (e.g. America/Chicago)',
        },
        {
          path: 'sites[6].minerGroups[0].powerTargetW',
          message:
            'firmware antminer-stock does not support power targets (use one of braiins-os, luxos, vnish, whatsminer)',
        },
      ]),
    );
  });

  it('passes the schema at the unknown-model site: the model is a reference check', () => {
    const paths = issuesOf(broken).map((issue) => issue.path);
    expect(paths.some((path) => path.startsWith('sites[7]'))).toBe(false);
  });

  it('reports the duplicate site id once when the schema itself catches it', () => {
    const withoutSite1 = { ...broken, sites: broken.sites.filter((_, index) => index !== 1) };
    // sites[5] of the file is sites[4] here; reported once, not by both the schema and parseFleet.
    const issues = issuesOf(withoutSite1).filter((issue) => issue.path === 'sites[4].id');
    expect(issues).toEqual([{ path: 'sites[4].id', message: 'duplicate id "tx-west-1"' }]);
  });

  // The schema's fleet-level duplicate check is skipped while a site has an aborting issue (the unknown
  // firmware); parseFleet adds duplicate site ids from the raw document so they still show in one pass.
  it('reports the duplicate site id alongside every other mistake, once', () => {
    const issues = issuesOf(broken);
    expect(issues.filter((issue) => issue.path === 'sites[5].id')).toEqual([
      { path: 'sites[5].id', message: 'duplicate id "tx-west-1"' },
    ]);
    expect(issues).toHaveLength(7);
  });
});
