import { describe, expect, it } from 'vitest';
import { firmwareDialects, fleetSchema, powerTargetFirmware } from './fleet-schema.ts';
import { formatPath } from './parse-fleet.ts';

type Doc = Record<string, unknown>;

function site(overrides: Doc = {}): Doc {
  return {
    id: 'site-a',
    name: 'Site A',
    region: 'north-america',
    country: 'US',
    timeZone: 'America/Chicago',
    coordinates: { lat: 31.4, lon: -103.5 },
    grid: { importMw: 5 },
    supply: [{ kind: 'market', series: 'ercot_rt_hb_west' }],
    minerGroups: [{ id: 's21', model: 'Antminer S21', count: 10, firmware: 'antminer-stock' }],
    pool: { name: 'Foundry USA', feePercent: 2 },
    ...overrides,
  };
}

function fleet(sites: Doc[], extra: Doc = {}): Doc {
  return { version: 1, sites, ...extra };
}

/** `path: message` for every issue, or [] when the document is valid. */
function problems(document: unknown): string[] {
  const result = fleetSchema.safeParse(document);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

const battery = { capacityMwh: 20, chargeMw: 10, dischargeMw: 10, roundTripEfficiency: 0.88 };

describe('fleetSchema: a valid site', () => {
  it('accepts a minimal site and fills the defaults', () => {
    const parsed = fleetSchema.parse(fleet([site({ battery })]));
    expect(parsed.baseCurrency).toBe('USD');
    const [s] = parsed.sites;
    expect(s!.pue).toBe(1.05);
    expect(s!.grid.exportMw).toBe(0);
    expect(s!.supply[0]).toEqual({ kind: 'market', series: 'ercot_rt_hb_west', adderPerMwh: 0 });
    expect(s!.battery).toEqual({ ...battery, socMin: 0.1, socMax: 0.9, cycleCostPerMwh: 0 });
  });

  it('defaults solar derate and wind hub height', () => {
    const parsed = fleetSchema.parse(
      fleet([
        site({
          grid: { importMw: 0 },
          supply: [
            { kind: 'solar', capacityMw: 10, weather: 'w' },
            { kind: 'wind', capacityMw: 5, wind: 'h' },
          ],
        }),
      ]),
    );
    expect(parsed.sites[0]!.supply).toEqual([
      { kind: 'solar', capacityMw: 10, weather: 'w', derate: 0.86 },
      { kind: 'wind', capacityMw: 5, wind: 'h', hubHeightM: 100 },
    ]);
  });

  it('lists which firmware takes power targets', () => {
    expect([...firmwareDialects].filter((f) => powerTargetFirmware.has(f))).toEqual([
      'braiins-os',
      'luxos',
      'vnish',
      'whatsminer',
    ]);
  });
});

describe('fleetSchema: battery', () => {
  it('rejects a non-positive capacity and power', () => {
    expect(problems(fleet([site({ battery: { ...battery, capacityMwh: -20, chargeMw: 0 } })]))).toEqual([
      'sites[0].battery.capacityMwh: must be > 0',
      'sites[0].battery.chargeMw: must be > 0',
    ]);
  });

  it('rejects socMin >= socMax and an initialSoc outside the limits', () => {
    expect(problems(fleet([site({ battery: { ...battery, socMin: 0.5, socMax: 0.5 } })]))).toEqual([
      'sites[0].battery.socMax: must be > socMin (0.5)',
    ]);
    expect(problems(fleet([site({ battery: { ...battery, socMin: 0.2, initialSoc: 0.1 } })]))).toEqual([
      'sites[0].battery.initialSoc: must lie between socMin and socMax',
    ]);
  });

  it('rejects a round-trip efficiency of 0 or above 1', () => {
    expect(problems(fleet([site({ battery: { ...battery, roundTripEfficiency: 0 } })]))).toEqual([
      'sites[0].battery.roundTripEfficiency: must be > 0',
    ]);
    expect(problems(fleet([site({ battery: { ...battery, roundTripEfficiency: 1.2 } })]))).toEqual([
      'sites[0].battery.roundTripEfficiency: must be <= 1',
    ]);
  });
});

describe('fleetSchema: miner groups', () => {
  const targeted = (firmware: string) => ({
    id: 'g',
    model: 'Antminer S21',
    count: 10,
    firmware,
    powerTargetW: { minW: 2400, maxW: 3500 },
  });

  it('accepts power targets only on firmware that supports them', () => {
    for (const firmware of powerTargetFirmware) {
      expect(problems(fleet([site({ minerGroups: [targeted(firmware)] })]))).toEqual([]);
    }
    expect(problems(fleet([site({ minerGroups: [targeted('antminer-stock')] })]))).toEqual([
      'sites[0].minerGroups[0].powerTargetW: firmware antminer-stock does not support power targets (use one of braiins-os, luxos, vnish, whatsminer)',
    ]);
    expect(problems(fleet([site({ minerGroups: [targeted('avalon')] })]))).toHaveLength(1);
  });

  it('rejects a power-target range with maxW <= minW', () => {
    const group = { ...targeted('luxos'), powerTargetW: { minW: 3000, maxW: 3000 } };
    expect(problems(fleet([site({ minerGroups: [group] })]))).toEqual([
      'sites[0].minerGroups[0].powerTargetW.maxW: must be > minW',
    ]);
  });

  it('rejects an unknown firmware, a zero count and duplicate group ids', () => {
    const groups = [
      { id: 'a', model: 'Antminer S21', count: 0, firmware: 'antminer-stock' },
      { id: 'a', model: 'Antminer S21', count: 1, firmware: 'antminer-stock' },
    ];
    expect(problems(fleet([site({ minerGroups: groups })]))).toEqual([
      'sites[0].minerGroups[0].count: must be > 0',
      'sites[0].minerGroups[1].id: duplicate id "a"',
    ]);
    expect(
      problems(
        fleet([site({ minerGroups: [{ id: 'a', model: 'Antminer S21', count: 1, firmware: 'hiveos' }] })]),
      )[0],
    ).toMatch(/^sites\[0\]\.minerGroups\[0\]\.firmware: /);
  });

  it('requires miners or GPU nodes', () => {
    expect(problems(fleet([site({ minerGroups: [] })]))).toEqual([
      'sites[0].minerGroups: a site needs miners or GPU nodes',
    ]);
  });
});

describe('fleetSchema: GPU nodes', () => {
  it('rejects idle power at or above full power', () => {
    const gpuNodes = [{ id: 'h100', model: 'H100 SXM', count: 8, wattsPerGpu: 700, idleWattsPerGpu: 700 }];
    expect(problems(fleet([site({ gpuNodes })]))).toEqual([
      'sites[0].gpuNodes[0].idleWattsPerGpu: must be < wattsPerGpu',
    ]);
  });

  it('accepts a GPU-only site', () => {
    const gpuNodes = [{ id: 'h100', model: 'H100 SXM', count: 8, wattsPerGpu: 700, idleWattsPerGpu: 90 }];
    expect(problems(fleet([site({ minerGroups: [], gpuNodes })]))).toEqual([]);
  });
});

describe('fleetSchema: supply and grid', () => {
  it('allows at most one grid tariff', () => {
    const supply = [
      { kind: 'fixed', pricePerMwh: 40 },
      { kind: 'market', series: 'ercot_rt_hb_west' },
    ];
    expect(problems(fleet([site({ supply })]))).toEqual([
      'sites[0].supply: must have at most one grid tariff (fixed, time-of-use or market)',
    ]);
  });

  it('allows a PPA next to a grid tariff', () => {
    const supply = [
      { kind: 'ppa', blockMw: 4, pricePerMwh: 36 },
      { kind: 'fixed', pricePerMwh: 55 },
    ];
    expect(problems(fleet([site({ supply })]))).toEqual([]);
  });

  it('needs a grid tariff for grid import, but not for an off-grid site', () => {
    const supply = [{ kind: 'solar', capacityMw: 10, weather: 'w' }];
    expect(problems(fleet([site({ supply })]))).toEqual([
      'sites[0].grid.importMw: grid import needs a grid tariff (fixed, time-of-use or market) in supply',
    ]);
    expect(problems(fleet([site({ supply, grid: { importMw: 0 } })]))).toEqual([]);
  });

  it('needs an export price for export without a market tariff', () => {
    const supply = [{ kind: 'fixed', pricePerMwh: 40 }];
    expect(problems(fleet([site({ supply, grid: { importMw: 5, exportMw: 2 } })]))).toEqual([
      'sites[0].grid.exportPricePerMwh: is required when exportMw > 0 and the site has no market tariff',
    ]);
    expect(
      problems(fleet([site({ supply, grid: { importMw: 5, exportMw: 2, exportPricePerMwh: 25 } })])),
    ).toEqual([]);
    expect(problems(fleet([site({ grid: { importMw: 5, exportMw: 2 } })]))).toEqual([]);
  });

  it('checks time-of-use periods', () => {
    const tou = (periods: Doc[]) => [{ kind: 'time-of-use', basePricePerMwh: 40, periods }];
    expect(problems(fleet([site({ supply: tou([{ fromHour: 14, toHour: 19, pricePerMwh: 60 }]) })]))).toEqual(
      [],
    );
    expect(problems(fleet([site({ supply: tou([{ fromHour: 19, toHour: 14, pricePerMwh: 60 }]) })]))).toEqual(
      ['sites[0].supply[0].periods[0].toHour: must be after fromHour'],
    );
    expect(
      problems(
        fleet([site({ supply: tou([{ days: ['monday'], fromHour: 1, toHour: 2, pricePerMwh: 1 }]) })]),
      )[0],
    ).toMatch(/^sites\[0\]\.supply\[0\]\.periods\[0\]\.days\[0\]: /);
    expect(problems(fleet([site({ supply: tou([]) })]))[0]).toMatch(/^sites\[0\]\.supply\[0\]\.periods: /);
  });

  it('rejects an unknown supply kind', () => {
    expect(problems(fleet([site({ supply: [{ kind: 'spot', pricePerMwh: 1 }] })]))[0]).toMatch(
      /^sites\[0\]\.supply\[0\]\.kind: /,
    );
  });
});

describe('fleetSchema: currencies', () => {
  it('needs a rate for every currency used', () => {
    const supply = [{ kind: 'market', series: 'aeso_pool_price', currency: 'CAD' }];
    expect(problems(fleet([site({ supply })]))).toEqual([
      'sites[0].supply[0].currency: currency CAD has no rate in currencies (known: USD)',
    ]);
    expect(problems(fleet([site({ supply })], { currencies: { CAD: 0.73 } }))).toEqual([]);
  });

  it('checks site, battery, export and demand-charge currencies too', () => {
    const s = site({
      currency: 'EUR',
      battery: { ...battery, currency: 'GBP' },
      grid: { importMw: 5, exportMw: 1, exportCurrency: 'CHF' },
      demandCharge: { perMwMonth: 9000, currency: 'JPY' },
    });
    expect(problems(fleet([s])).map((p) => p.split(':')[0])).toEqual([
      'sites[0].currency',
      'sites[0].grid.exportCurrency',
      'sites[0].battery.currency',
      'sites[0].demandCharge.currency',
    ]);
  });

  it('rejects malformed currency codes and non-positive rates', () => {
    // The schema also adds a redundant "currency usd has no rate" issue at the same path (reported).
    expect(problems(fleet([site({ currency: 'usd' })]))).toContain(
      'sites[0].currency: must be a 3-letter ISO 4217 code such as USD',
    );
    expect(problems(fleet([site()], { currencies: { CAD: 0 } }))).toEqual(['currencies.CAD: must be > 0']);
  });
});

describe('fleetSchema: site identity and fields', () => {
  it('rejects a bad time zone, country, id and coordinates', () => {
    expect(problems(fleet([site({ timeZone: 'America/Houston' })]))).toEqual([
      'sites[0].timeZone: "America/Houston" is not an IANA time zone (e.g. America/Chicago)',
    ]);
    expect(problems(fleet([site({ country: 'usa' })]))).toEqual([
      'sites[0].country: must be an ISO 3166 two-letter code such as US',
    ]);
    expect(problems(fleet([site({ id: 'TX West' })]))).toEqual([
      'sites[0].id: must be lower-case letters, digits, - or _',
    ]);
    expect(problems(fleet([site({ coordinates: { lat: 91, lon: 0 } })]))[0]).toMatch(
      /^sites\[0\]\.coordinates\.lat: /,
    );
  });

  it('rejects unknown fields at every level', () => {
    expect(problems(fleet([site({ operator: 'x' })]))[0]).toMatch(/^sites\[0\]: /);
    expect(problems(fleet([site({ battery: { ...battery, chemistry: 'LFP' } })]))[0]).toMatch(
      /^sites\[0\]\.battery: /,
    );
    expect(problems({ ...fleet([site()]), owner: 'x' })[0]).toMatch(/^\(root\): /);
  });

  it('keeps pue within 1-3', () => {
    expect(problems(fleet([site({ pue: 0.95 })]))).toEqual(['sites[0].pue: must be >= 1']);
    expect(problems(fleet([site({ pue: 3.5 })]))).toEqual(['sites[0].pue: must be <= 3']);
  });

  it('flags duplicate site ids', () => {
    expect(problems(fleet([site(), site({ name: 'Second' })]))).toEqual([
      'sites[1].id: duplicate id "site-a"',
    ]);
  });

  it('checks demand-response windows', () => {
    const event = { id: 'dr-1', from: '2023-08-10T20:00:00Z', to: '2023-08-10T23:00:00Z', maxImportMw: 5 };
    expect(problems(fleet([site({ demandResponse: [event] })]))).toEqual([]);
    expect(problems(fleet([site({ demandResponse: [{ ...event, to: event.from }] })]))).toEqual([
      'sites[0].demandResponse[0].to: must be after from',
    ]);
    // The schema also adds a misleading "to: must be after from" when `from` is unparseable (reported).
    expect(problems(fleet([site({ demandResponse: [{ ...event, from: 'yesterday' }] })]))).toContain(
      'sites[0].demandResponse[0].from: must be an ISO-8601 date-time',
    );
  });
});

describe('fleetSchema: the books fields (pool scheme, demand-response credit)', () => {
  const event = { id: 'ev', from: '2025-01-01T00:00:00Z', to: '2025-01-01T02:00:00Z', maxImportMw: 0 };
  it('accepts PPLNS with a pool share and a demand-response credit price; FPPS stays the default', () => {
    const parsed = fleetSchema.parse(
      fleet([
        site({
          pool: { name: 'p', feePercent: 2, scheme: 'pplns', hashrateSharePercent: 30 },
          demandResponse: [{ ...event, creditUsdPerMwh: 120 }],
        }),
      ]),
    );
    expect(parsed.sites[0]!.pool).toEqual({
      name: 'p',
      feePercent: 2,
      scheme: 'pplns',
      hashrateSharePercent: 30,
    });
    expect(parsed.sites[0]!.demandResponse[0]!.creditUsdPerMwh).toBe(120);
    expect(fleetSchema.parse(fleet([site()])).sites[0]!.pool.scheme).toBeUndefined();
  });

  it('names a bad scheme, share or credit', () => {
    expect(
      problems(
        fleet([
          site({
            pool: { name: 'p', feePercent: 2, scheme: 'pps', hashrateSharePercent: 0 },
            demandResponse: [{ ...event, creditUsdPerMwh: -1 }],
          }),
        ]),
      ),
    ).toEqual([
      expect.stringMatching(/^sites\[0\]\.pool\.scheme: /),
      'sites[0].pool.hashrateSharePercent: must be > 0',
      'sites[0].demandResponse[0].creditUsdPerMwh: must be >= 0',
    ]);
  });
});
