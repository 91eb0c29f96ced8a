import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkFleetReferences, type FleetCatalog } from '../../src/core/fleet/fleet-references.ts';
import type { Fleet, FleetInput } from '../../src/core/fleet/fleet-schema.ts';
import { parseFleet } from '../../src/core/fleet/parse-fleet.ts';
import type { MinerModel } from '../../src/core/market/reference.ts';

// These tests read the real data directory ($SWITCHYARD_DATA_DIR, else ../shared/data next to the repo)
// and the example fleet files, so the examples stay in step with the data they name.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = resolve(repoRoot, process.env.SWITCHYARD_DATA_DIR?.trim() || '../shared/data');
const examplesDir = join(repoRoot, 'examples');

/** Minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((cell) => cell !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((cell) => cell !== '')) rows.push(row);
  return rows;
}

function readMinerModels(): MinerModel[] {
  const [header, ...rows] = parseCsv(readFileSync(join(dataDir, 'reference', 'miner_models.csv'), 'utf8'));
  const col = (name: string) => {
    const index = header!.indexOf(name);
    if (index < 0) throw new Error(`miner_models.csv has no column ${name}`);
    return index;
  };
  const [model, vendor, hashrate, power, efficiency] = [
    'model',
    'vendor',
    'hashrate_ths',
    'power_w',
    'efficiency_j_th',
  ].map(col) as [number, number, number, number, number];
  return rows.map((row) => {
    const hashrateThs = Number(row[hashrate]);
    const statedPower = row[power]?.trim() ? Number(row[power]) : undefined;
    const statedEfficiency = row[efficiency]?.trim() ? Number(row[efficiency]) : undefined;
    const powerW = statedPower ?? hashrateThs * statedEfficiency!;
    return {
      model: row[model]!,
      vendor: row[vendor]!,
      hashrateThs,
      powerW,
      efficiencyJPerTh: statedEfficiency ?? powerW / hashrateThs,
    };
  });
}

/** `ercot_rt_hb_west_2023.csv` -> `ercot_rt_hb_west`, currency from the `price_<ccy>_mwh` column. */
function readPriceSeries(): Map<string, string> {
  const series = new Map<string, string>();
  for (const file of readdirSync(join(dataDir, 'power'))) {
    const match = /^(.+)_\d{4}\.csv$/.exec(file);
    if (!match) continue;
    const header = readFileSync(join(dataDir, 'power', file), 'utf8').split('\n', 1)[0]!;
    const currency = /price_([a-z]{3})_mwh/.exec(header)?.[1];
    if (!currency) throw new Error(`${file}: no price_<currency>_mwh column in "${header}"`);
    series.set(match[1]!, currency.toUpperCase());
  }
  return series;
}

function buildCatalog(): FleetCatalog {
  const stems = readdirSync(join(dataDir, 'renewables'))
    .filter((file) => file.endsWith('.csv'))
    .map((file) => file.slice(0, -'.csv'.length));
  return {
    minerModels: readMinerModels(),
    priceSeries: readPriceSeries(),
    solarWeatherIds: stems.filter((stem) => stem.includes('_weather')),
    windIds: stems.filter((stem) => stem.includes('_wind_hubheight')),
  };
}

function readYaml(file: string): unknown {
  const document = parseDocument(readFileSync(join(examplesDir, file), 'utf8'), { uniqueKeys: true });
  expect(document.errors).toEqual([]);
  return document.toJS();
}

const catalog = buildCatalog();
const models = new Map(catalog.minerModels.map((m) => [m.model, m]));
const fleet = parseFleet(readYaml('fleet.yaml'), 'examples/fleet.yaml');

function siteThs(site: Fleet['sites'][number]): number {
  return site.minerGroups.reduce((sum, group) => sum + group.count * models.get(group.model)!.hashrateThs, 0);
}

function siteFacilityMw(site: Fleet['sites'][number]): number {
  const minersW = site.minerGroups.reduce(
    (sum, group) => sum + group.count * models.get(group.model)!.powerW,
    0,
  );
  const gpusW = site.gpuNodes.reduce((sum, group) => sum + group.count * group.wattsPerGpu, 0);
  return ((minersW + gpusW) / 1e6) * site.pue;
}

/** A one-site fleet around `site`, for reference checks on single entries. */
function fleetWith(site: Partial<FleetInput['sites'][number]>): Fleet {
  return parseFleet(
    {
      version: 1,
      currencies: { CAD: 0.73 },
      sites: [
        {
          id: 'test-site',
          name: 'Test site',
          region: 'north-america',
          country: 'US',
          timeZone: 'America/Chicago',
          coordinates: { lat: 31.4, lon: -103.5 },
          grid: { importMw: 10 },
          supply: [{ kind: 'market', series: 'ercot_rt_hb_west' }],
          minerGroups: [{ id: 's21', model: 'Antminer S21', count: 100, firmware: 'antminer-stock' }],
          pool: { name: 'Foundry USA', feePercent: 2 },
          ...site,
        },
      ],
    },
    'test',
  );
}

describe('the catalog built from the data directory', () => {
  it('holds the miner models, with power derived from hashrate x efficiency where the file has none', () => {
    expect(catalog.minerModels.length).toBeGreaterThanOrEqual(20);
    expect(models.get('Antminer S19j Pro')).toMatchObject({
      hashrateThs: 104,
      powerW: 3068,
      efficiencyJPerTh: 29.5,
    });
    expect(models.get('Avalon A1346')).toMatchObject({ hashrateThs: 110, powerW: 3300 });
    expect(models.get('Antminer T21')!.efficiencyJPerTh).toBeCloseTo(19, 10);
  });

  it('names price series by file name without the year, with their currency', () => {
    expect(Object.fromEntries(catalog.priceSeries)).toEqual({
      aeso_pool_price: 'CAD',
      ercot_da_hb_west: 'USD',
      ercot_rt_hb_north: 'USD',
      ercot_rt_hb_west: 'USD',
    });
  });

  it('splits renewables files into solar weather and hub-height wind ids', () => {
    expect(catalog.solarWeatherIds).toContain('georgia_central_weather_2013');
    expect(catalog.windIds).toContain('georgia_central_wind_hubheight_2013');
    expect(catalog.solarWeatherIds.some((id) => id.includes('wind_hubheight'))).toBe(false);
  });
});

describe('examples/fleet.yaml', () => {
  it('refers only to models, series and weather files the data directory has', () => {
    expect(checkFleetReferences(fleet, catalog)).toEqual([]);
  });

  it('deploys 48-52 EH/s, the total stated in its header comment', () => {
    const ehs = fleet.sites.reduce((sum, site) => sum + siteThs(site), 0) / 1e6;
    expect(ehs).toBeGreaterThanOrEqual(48);
    expect(ehs).toBeLessThanOrEqual(52);
    const header = readFileSync(join(examplesDir, 'fleet.yaml'), 'utf8').split('\n').slice(0, 10).join('\n');
    expect(header).toContain(`${ehs.toFixed(3)} EH/s`);
  });

  it('has 40+ sites with unique ids in all four regions', () => {
    expect(fleet.sites.length).toBeGreaterThanOrEqual(40);
    expect(new Set(fleet.sites.map((s) => s.id)).size).toBe(fleet.sites.length);
    expect(new Set(fleet.sites.map((s) => s.region))).toEqual(
      new Set(['north-america', 'middle-east', 'south-america', 'east-africa']),
    );
  });

  it('sizes every grid import at 1.0-1.1x the facility load at full power', () => {
    for (const site of fleet.sites) {
      const ratio = site.grid.importMw / siteFacilityMw(site);
      expect(ratio, site.id).toBeGreaterThanOrEqual(1);
      expect(ratio, site.id).toBeLessThanOrEqual(1.1);
    }
  });

  it('keeps every pool fee within 1.5-2.5 % and every fixed-style price within 30-60 per MWh', () => {
    for (const site of fleet.sites) {
      expect(site.pool.feePercent, site.id).toBeGreaterThanOrEqual(1.5);
      expect(site.pool.feePercent, site.id).toBeLessThanOrEqual(2.5);
      for (const supply of site.supply) {
        const prices =
          supply.kind === 'fixed' || supply.kind === 'ppa'
            ? [supply.pricePerMwh]
            : supply.kind === 'time-of-use'
              ? [supply.basePricePerMwh, ...supply.periods.map((p) => p.pricePerMwh)]
              : [];
        for (const price of prices) {
          expect(price, site.id).toBeGreaterThanOrEqual(30);
          expect(price, site.id).toBeLessThanOrEqual(60);
        }
      }
    }
  });

  it('starts with tx-west-1: ERCOT West real time and day ahead, battery, power targets, stock S19j Pro', () => {
    const [first] = fleet.sites;
    expect(first!.id).toBe('tx-west-1');
    expect(first!.supply).toEqual([
      { kind: 'market', series: 'ercot_rt_hb_west', dayAheadSeries: 'ercot_da_hb_west', adderPerMwh: 3.5 },
    ]);
    expect(first!.battery).toMatchObject({
      capacityMwh: 20,
      chargeMw: 10,
      roundTripEfficiency: 0.88,
      cycleCostPerMwh: 8,
    });
    expect(first!.rampMwPerInterval).toBeGreaterThan(0);
    const targeted = first!.minerGroups.filter((g) => g.powerTargetW);
    expect(targeted.map((g) => g.firmware).sort()).toEqual(['braiins-os', 'luxos']);
    const efficiency = (group: { model: string }) => models.get(group.model)!.efficiencyJPerTh;
    const stock = first!.minerGroups.find((g) => g.firmware === 'antminer-stock')!;
    expect(stock.model).toBe('Antminer S19j Pro');
    expect(Math.max(...first!.minerGroups.map(efficiency))).toBe(efficiency(stock));
  });

  it('has an ERCOT site with a summer-2023 demand-response event', () => {
    const events = fleet.sites
      .filter((s) => s.supply.some((x) => x.kind === 'market' && x.series.startsWith('ercot_')))
      .flatMap((s) => s.demandResponse);
    expect(events).toContainEqual({
      id: 'ercot-conservation-2023-08-10',
      from: '2023-08-10T20:00:00Z',
      to: '2023-08-10T23:00:00Z',
      maxImportMw: 5,
    });
  });

  it('puts Alberta sites on the AESO pool price in CAD, with a CAD rate', () => {
    expect(fleet.currencies).toEqual({ CAD: 0.73 });
    const alberta = fleet.sites.filter((s) => s.timeZone === 'America/Edmonton');
    expect(alberta.length).toBeGreaterThanOrEqual(2);
    for (const site of alberta) {
      expect(site.supply[0]).toMatchObject({ kind: 'market', series: 'aeso_pool_price', currency: 'CAD' });
    }
  });

  it('has the ga-hub: solar + wind, battery, export, time-of-use tariff, demand charge, GPUs and miners', () => {
    const hub = fleet.sites.find((s) => s.id === 'ga-hub')!;
    expect(hub).toMatchObject({ country: 'US', timeZone: 'America/New_York' });
    expect(hub.coordinates.lat).toBeCloseTo(33.16, 1);
    expect(hub.coordinates.lon).toBeCloseTo(-83.8, 1);
    expect(hub.supply.map((s) => s.kind).sort()).toEqual(['solar', 'time-of-use', 'wind']);
    expect(hub.supply.find((s) => s.kind === 'solar')).toMatchObject({
      weather: 'georgia_central_weather_2013',
      capacityMw: 40,
    });
    expect(hub.battery).toMatchObject({ capacityMwh: 40, chargeMw: 20, dischargeMw: 20 });
    expect(hub.grid.exportMw).toBeGreaterThan(0);
    expect(hub.grid.exportPricePerMwh).toBeGreaterThan(0);
    expect(hub.demandCharge?.perMwMonth).toBeGreaterThan(0);
    expect(hub.gpuNodes).toEqual([
      { id: 'h100-sxm', model: 'H100 SXM', count: 1024, wattsPerGpu: 700, idleWattsPerGpu: 90 },
      { id: 'l40s', model: 'L40S', count: 512, wattsPerGpu: 350, idleWattsPerGpu: 40 },
    ]);
    expect(hub.minerGroups.length).toBeGreaterThan(0);
    const facility = siteFacilityMw(hub);
    expect(facility).toBeGreaterThan(45);
    expect(facility).toBeLessThanOrEqual(52);
  });
});

describe('checkFleetReferences', () => {
  it('reports the unknown miner model of examples/broken-fleet.yaml (schema-valid on its own)', () => {
    const broken = readYaml('broken-fleet.yaml') as { currencies: object; sites: { id: string }[] };
    const site = broken.sites.find((s) => s.id === 'py-hernandarias')!;
    const issues = checkFleetReferences(parseFleet({ version: 1, sites: [site] }, 'broken'), catalog);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('sites[0].minerGroups[0].model');
    expect(issues[0]!.message).toMatch(/^unknown miner model "Antminer S23" \(known: .*Antminer S21.*\)$/);
  });

  it('reports unknown series, day-ahead series, weather and wind ids', () => {
    const issues = checkFleetReferences(
      fleetWith({
        supply: [
          { kind: 'market', series: 'ercot_rt_hb_west_2023', dayAheadSeries: 'ercot_da_hb_north' },
          { kind: 'solar', capacityMw: 10, weather: 'georgia_central_wind_hubheight_2013' },
          { kind: 'wind', capacityMw: 10, wind: 'georgia_central_weather_2013' },
        ],
      }),
      catalog,
    );
    expect(issues.map((i) => i.path)).toEqual([
      'sites[0].supply[0].series',
      'sites[0].supply[0].dayAheadSeries',
      'sites[0].supply[1].weather',
      'sites[0].supply[2].wind',
    ]);
    expect(issues[0]!.message).toMatch(
      /^unknown price series "ercot_rt_hb_west_2023" \(known: .*ercot_rt_hb_west/,
    );
    expect(issues[2]!.message).toMatch(/^unknown weather file "georgia_central_wind_hubheight_2013"/);
    expect(issues[3]!.message).toMatch(/^unknown hub-height wind file "georgia_central_weather_2013"/);
  });

  it('reports a power target over 1.5x nameplate', () => {
    const issues = checkFleetReferences(
      fleetWith({
        minerGroups: [
          {
            id: 's21',
            model: 'Antminer S21',
            count: 10,
            firmware: 'braiins-os',
            powerTargetW: { minW: 2000, maxW: 5300 },
          },
        ],
      }),
      catalog,
    );
    expect(issues).toEqual([
      {
        path: 'sites[0].minerGroups[0].powerTargetW.maxW',
        message: '5300 W is over 1.5x the Antminer S21 nameplate 3500 W',
      },
    ]);
  });

  it('reports a CAD series in a fleet without a CAD rate', () => {
    const site = fleetWith({ supply: [{ kind: 'market', series: 'aeso_pool_price' }] }).sites[0]!;
    const withoutCad = { ...fleetWith({}), currencies: {}, sites: [site] } as Fleet;
    expect(checkFleetReferences(withoutCad, catalog)).toEqual([
      { path: 'sites[0].supply[0].series', message: 'series is in CAD, which has no rate in currencies' },
    ]);
  });
});
