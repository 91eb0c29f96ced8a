import { describe, expect, it } from 'vitest';
import { parseFleet } from '../fleet/index.ts';
import { initialSiteState } from './settle-interval.ts';
import { settleWithProgrammes } from './settle-programmes.ts';
import type { SiteGridMarket } from './site-grid-market.ts';
import type { SiteMarket } from './site-market.ts';
import { buildSiteModel } from './site-model.ts';

const site = parseFleet(
  {
    version: 1,
    sites: [
      {
        id: 'tx',
        name: 'tx',
        region: 'na',
        country: 'US',
        timeZone: 'America/Chicago',
        coordinates: { lat: 32, lon: -102 },
        grid: { importMw: 20 },
        supply: [{ kind: 'market', series: 'rt', adderPerMwh: 2 }],
        pue: 1,
        minerGroups: [{ id: 's21', model: 'S21', count: 4000, firmware: 'braiins-os' }], // 14 MW
        pool: { name: 'p', feePercent: 0 },
        gridProgrammes: {
          fixedPriceBlock: { blockMw: 10, pricePerMwh: 25 },
          ancillary: { services: [{ service: 'rrs', maxMw: 6, responseSeconds: 0.3 }] },
          fourCp: { usdPerKwMonth: 5.5 },
          emergencyResponse: { standbyMw: 2, usdPerMwHour: 7, rampMinutes: 30 },
        },
      },
    ],
  },
  'test',
).sites[0]!;
const model = buildSiteModel(
  site,
  [{ model: 'S21', vendor: 'Bitmain', hashrateThs: 200, powerW: 3500, efficiencyJPerTh: 17.5 }],
  [],
  {},
  0,
);
const grid1 = (v: number) => ({
  startMs: 0,
  cellMinutes: 60,
  values: Float64Array.of(v),
  cellsPerSourceInterval: 1,
});
const market = {
  siteId: 'tx',
  startMs: 0,
  cellMinutes: 60,
  cells: 1,
  importPrice: grid1(102),
  exportPrice: grid1(100),
  priceKnownAhead: false,
  importAdderUsdPerMwh: 2,
  renewableMw: grid1(0),
  importLimitMw: Float64Array.of(20),
  demandResponse: [undefined],
  hashpriceUsdPerThDay: grid1(0.05),
  btcPerThDay: grid1(1e-6),
  ppaMw: 0,
  ppaPriceUsdPerMwh: 0,
  notes: [],
} as unknown as SiteMarket;

function gridMarket(deployed: boolean, peak: boolean): SiteGridMarket {
  return {
    programmes: site.gridProgrammes!,
    systemLoad: grid1(80_000),
    calendar: { month: Uint8Array.of(8), hour: Uint8Array.of(17), monthStart: Int32Array.of(0) },
    services: [{ service: 'rrs', maxMw: 6, price: grid1(15) }],
    publishedFromIndex: Int32Array.of(0),
    deployed: [Uint8Array.of(deployed ? 1 : 0)],
    ersDeployed: Uint8Array.of(deployed ? 1 : 0),
    ersHours: Uint8Array.of(1),
    conservation: Uint8Array.of(0),
    fourCpPeak: Uint8Array.of(peak ? 1 : 0),
    fourCpPeaks: [],
    fourCpUsdPerMw: 16_500,
    block: { blockMw: 10, priceUsdPerMwh: 25 },
    notes: [],
  };
}

const setpoint = { minerMw: [14], chargeMw: 0, dischargeMw: 0, interruptibleGpus: [], ancillaryMw: [6] };

describe('settleWithProgrammes (one hour by hand)', () => {
  it('without a deployment: block above-block purchase, RRS and ERS paid, no sell-back', () => {
    const { outcome } = settleWithProgrammes(
      model,
      market,
      gridMarket(false, false),
      0,
      setpoint,
      initialSiteState(model, '2023-08'),
      '2023-08',
      undefined,
    );
    const p = outcome.programmes!;
    expect(outcome.importMw).toBeCloseTo(14, 9);
    expect(p.sellBackMw).toBe(0);
    // Block 10 MW x $25 + 4 MW above the block x $102 = 250 + 408 = $658 (vs 14 x 102 = 1428 at market).
    expect(outcome.energyCostUsd).toBeCloseTo(658, 6);
    expect(p.ancillaryUsd).toBeCloseTo(6 * 15, 9);
    expect(p.ersUsd).toBeCloseTo(2 * 7, 9);
    expect(p.heldUpMw).toBeCloseTo(8, 9);
    expect(p.curtailableMw).toBeCloseTo(14, 9);
  });

  it('in a deployment and a 4CP peak: mining drops by the 8 MW held, the freed block sells back, the peak is charged', () => {
    const { outcome } = settleWithProgrammes(
      model,
      market,
      gridMarket(true, true),
      0,
      setpoint,
      initialSiteState(model, '2023-08'),
      '2023-08',
      undefined,
    );
    const p = outcome.programmes!;
    expect(outcome.miningMw).toBeCloseTo(6, 9);
    expect(p.deployedMw).toBeCloseTo(8, 9);
    expect(p.deliveredMw).toBeCloseTo(8, 9);
    expect(p.sellBackMw).toBeCloseTo(4, 9);
    expect(p.sellBackUsd).toBeCloseTo(400, 9);
    expect(outcome.energyCostUsd).toBeCloseTo(250, 9);
    expect(p.fourCpPaidUsd).toBeCloseTo(6 * 16_500, 6);
    expect(p.fourCpAvoidedUsd).toBeCloseTo(8 * 16_500, 6);
    expect(p.ancillaryUsd).toBeCloseTo(90, 9);
    expect(p.heldUpMw).toBeLessThanOrEqual(p.curtailableMw + 1e-9);
  });

  it('clips an award the running load cannot carry, and does not pay it', () => {
    const low = { ...setpoint, minerMw: [5] };
    const { outcome } = settleWithProgrammes(
      model,
      market,
      gridMarket(false, false),
      0,
      low,
      initialSiteState(model, '2023-08'),
      '2023-08',
      undefined,
    );
    const p = outcome.programmes!;
    // 5 MW running: ERS standby 2 MW held first, RRS gets the remaining 3 MW.
    expect(p.awardsMw.rrs).toBeCloseTo(3, 9);
    expect(p.ancillaryUsd).toBeCloseTo(45, 9);
    expect(p.heldUpMw).toBeCloseTo(5, 9);
  });
});
