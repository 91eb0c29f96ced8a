import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseFleet } from '../../src/core/fleet/parse-fleet.ts';
import { fleetIssues as issuesOf } from '../../src/core/fleet/testing/fleet-issues.ts';

// The shipped example fleets (examples/), read from disk.
const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));

function readExample(file: string): { sites: Record<string, unknown>[] } & Record<string, unknown> {
  const document = parseDocument(readFileSync(`${examplesDir}${file}`, 'utf8'), { uniqueKeys: true });
  expect(document.errors).toEqual([]);
  return document.toJS();
}

describe('examples/fleet.yaml', () => {
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
