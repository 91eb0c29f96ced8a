import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { parseFleet } from './parse-fleet.ts';

function westTexasSite(programmes: unknown, overrides: Record<string, unknown> = {}) {
  return {
    version: 1,
    sites: [
      {
        id: 'tx-west',
        name: 'West Texas',
        region: 'north-america',
        country: 'US',
        timeZone: 'America/Chicago',
        coordinates: { lat: 31.9, lon: -102.1 },
        grid: { importMw: 100 },
        supply: [{ kind: 'market', series: 'ercot_rt_hb_west' }],
        minerGroups: [{ id: 's21', model: 'Antminer S21', count: 10, firmware: 'antminer-stock' }],
        pool: { name: 'Foundry USA', feePercent: 2 },
        gridProgrammes: programmes,
        ...overrides,
      },
    ],
  };
}

function issuesOf(document: unknown): readonly ConfigIssue[] {
  try {
    parseFleet(document, 'fleet.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('parseFleet accepted the document');
}

const full = {
  fixedPriceBlock: { blockMw: 80, pricePerMwh: 32 },
  ancillary: {
    services: [
      { service: 'rrs', maxMw: 40, responseSeconds: 0.3 },
      { service: 'ecrs', maxMw: 60, responseSeconds: 60 },
    ],
  },
  fourCp: { usdPerKwMonth: 5.5 },
  emergencyResponse: { standbyMw: 10, usdPerMwHour: 8, rampMinutes: 30, hours: { fromHour: 13, toHour: 21 } },
  voluntaryConservation: { creditUsdPerMwh: 50 },
};

describe('gridProgrammes in the fleet file', () => {
  it('parses every programme with its defaults (4CP months June-September, policy 14-20 h at 10%)', () => {
    const fleet = parseFleet(westTexasSite(full), 'fleet.yaml');
    const programmes = fleet.sites[0]!.gridProgrammes!;
    expect(programmes.fixedPriceBlock).toEqual({ blockMw: 80, pricePerMwh: 32 });
    expect(programmes.ancillary!.controllableLoadResource).toBe(false);
    expect(programmes.ancillary!.services.map((s) => s.service)).toEqual(['rrs', 'ecrs']);
    expect(programmes.fourCp).toEqual({
      usdPerKwMonth: 5.5,
      months: [6, 7, 8, 9],
      policy: { hours: { fromHour: 14, toHour: 20 }, probabilityThreshold: 0.1 },
    });
    expect(programmes.emergencyResponse!.rampMinutes).toBe(30);
  });

  it('rejects an RRS offer slower than an under-frequency relay, naming the field', () => {
    const issues = issuesOf(
      westTexasSite({ ancillary: { services: [{ service: 'rrs', maxMw: 10, responseSeconds: 30 }] } }),
    );
    expect(issues).toContainEqual({
      path: 'sites[0].gridProgrammes.ancillary.services[0].responseSeconds',
      message: 'rrs must be delivered within 0.5 s; a 30 s response cannot carry it',
    });
  });

  it('allows Regulation only for a controllable load resource', () => {
    const offer = { service: 'reg-up', maxMw: 5, responseSeconds: 2 };
    const issues = issuesOf(westTexasSite({ ancillary: { services: [offer] } }));
    expect(issues[0]!.path).toBe('sites[0].gridProgrammes.ancillary.services[0].service');
    expect(issues[0]!.message).toMatch(/controllable load resource/);
    expect(() =>
      parseFleet(
        westTexasSite({ ancillary: { controllableLoadResource: true, services: [offer] } }),
        'fleet.yaml',
      ),
    ).not.toThrow();
  });

  it('rejects a block or an offer larger than the grid connection and a duplicate service', () => {
    const issues = issuesOf(
      westTexasSite({
        fixedPriceBlock: { blockMw: 150, pricePerMwh: 30 },
        ancillary: {
          services: [
            { service: 'ecrs', maxMw: 120, responseSeconds: 60 },
            { service: 'ecrs', maxMw: 10, responseSeconds: 60 },
          ],
        },
      }),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('sites[0].gridProgrammes.fixedPriceBlock.blockMw');
    expect(paths).toContain('sites[0].gridProgrammes.ancillary.services[0].maxMw');
    expect(paths).toContain('sites[0].gridProgrammes.ancillary.services[1].service');
  });

  it('needs a market tariff for sell-back and ancillary services (their settlement point)', () => {
    const issues = issuesOf(
      westTexasSite(
        { fixedPriceBlock: { blockMw: 10, pricePerMwh: 30 } },
        { supply: [{ kind: 'fixed', pricePerMwh: 40 }] },
      ),
    );
    expect(issues).toContainEqual({
      path: 'sites[0].gridProgrammes.fixedPriceBlock',
      message: 'needs a market tariff in supply (its series is the settlement point prices settle at)',
    });
  });

  it('names bad 4CP, ERS and unknown fields', () => {
    const issues = issuesOf(
      westTexasSite({
        fourCp: {
          usdPerKwMonth: -1,
          policy: { probabilityThreshold: 2, hours: { fromHour: 18, toHour: 15 } },
        },
        emergencyResponse: { standbyMw: 5, usdPerMwHour: 3, rampMinutes: 20 },
        capacityAuction: {},
      }),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('sites[0].gridProgrammes.fourCp.usdPerKwMonth');
    expect(paths).toContain('sites[0].gridProgrammes.fourCp.policy.probabilityThreshold');
    expect(paths).toContain('sites[0].gridProgrammes.fourCp.policy.hours.toHour');
    expect(paths).toContain('sites[0].gridProgrammes.emergencyResponse.rampMinutes');
    expect(issues.find((i) => i.path === 'sites[0].gridProgrammes')?.message).toMatch(/capacityAuction/);
  });

  it('checks the block currency against the fleet currencies', () => {
    const issues = issuesOf(
      westTexasSite({ fixedPriceBlock: { blockMw: 10, pricePerMwh: 30, currency: 'EUR' } }),
    );
    expect(issues[0]!.path).toBe('sites[0].gridProgrammes.fixedPriceBlock.currency');
  });
});
