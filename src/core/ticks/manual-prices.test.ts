import { describe, expect, it } from 'vitest';
import type { SitePlanInput } from '../allocator/site-plan-input.ts';
import type { Site } from '../fleet/index.ts';
import { TimeSeries } from '../market/time-series.ts';
import type { ManualPrice } from '../ports/manual-price-repository.ts';
import type { MarketData } from '../ports/market-data.ts';
import { manualPriceLines, withManualPriceInput, withManualPrices } from './manual-prices.ts';

const Q = 900_000;
const T0 = Date.UTC(2024, 0, 10, 12, 0);
const feed = TimeSeries.fromPoints(
  'ercot_rt_hb_west',
  'USD/MWh',
  Q,
  [0, 1, 2, 3].map((i) => ({ startMs: T0 + i * Q, value: 30 + i })),
);
/** Only the price series is read by the override. */
const market = {
  priceSeries: (id: string) => {
    if (id !== feed.id) throw new Error(`unknown ${id}`);
    return feed;
  },
} as unknown as MarketData;

const entry = (over: Partial<ManualPrice>): ManualPrice => ({
  id: 'm1',
  kind: 'price',
  seriesId: feed.id,
  usdPerMwh: '45.00',
  fromMs: T0 + Q,
  expiresAtMs: T0 + 3 * Q,
  note: '',
  enteredBy: 'key-ops',
  enteredAtMs: T0,
  ...over,
});

describe('withManualPrices', () => {
  const cases: { name: string; entries: ManualPrice[]; nowMs: number; expected: (number | undefined)[] }[] = [
    { name: 'no entries: the feed', entries: [], nowMs: T0, expected: [30, 31, 32, 33, undefined] },
    {
      name: 'in its window the entry, elsewhere the feed',
      entries: [entry({})],
      nowMs: T0,
      expected: [30, 45, 45, 33, undefined],
    },
    {
      name: 'expired: ignored',
      entries: [entry({})],
      nowMs: T0 + 3 * Q,
      expected: [30, 31, 32, 33, undefined],
    },
    {
      name: 'withdrawn: ignored',
      entries: [entry({ removedAtMs: T0 })],
      nowMs: T0,
      expected: [30, 31, 32, 33, undefined],
    },
    {
      name: 'entered after now: ignored',
      entries: [entry({ enteredAtMs: T0 + 1 })],
      nowMs: T0,
      expected: [30, 31, 32, 33, undefined],
    },
    {
      name: 'other series: ignored',
      entries: [entry({ seriesId: 'caiso' })],
      nowMs: T0,
      expected: [30, 31, 32, 33, undefined],
    },
    {
      name: 'overlap: the latest entered wins',
      entries: [
        entry({ enteredAtMs: T0 - 1, usdPerMwh: '-5.5', fromMs: T0, expiresAtMs: T0 + 2 * Q }),
        entry({}),
      ],
      nowMs: T0,
      expected: [-5.5, 45, 45, 33, undefined],
    },
    {
      name: 'a window past the feed fills the intervals the feed has not reached',
      entries: [entry({ kind: 'fixed-window', fromMs: T0 + 3 * Q, expiresAtMs: T0 + 5 * Q })],
      nowMs: T0,
      expected: [30, 31, 32, 45, 45],
    },
    {
      name: 'a tariff override leaves the series alone',
      entries: [entry({ kind: 'tariff-override', siteId: 's1' })],
      nowMs: T0,
      expected: [30, 31, 32, 33, undefined],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const series = withManualPrices(market, c.entries, c.nowMs).priceSeries(feed.id);
      expect([0, 1, 2, 3, 4].map((i) => series.at(T0 + i * Q))).toEqual(c.expected);
    });
});

const site = {
  id: 's1',
  supply: [
    { kind: 'market', series: feed.id, adderPerMwh: 2 },
    { kind: 'solar', capacityMw: 1, weather: 'w', derate: 0.86 },
  ],
} as unknown as Site;

describe('withManualPriceInput', () => {
  const input = {
    startMs: T0,
    intervalMinutes: 15,
    intervals: 4,
    importPriceUsdPerMwh: [32, 33, 34, 35],
    exportPriceUsdPerMwh: [30, 31, 32, 33],
  } as unknown as SitePlanInput;
  const prices = (entries: ManualPrice[], nowMs = T0) => {
    const out = withManualPriceInput(site, input, entries, nowMs);
    return { import: out.importPriceUsdPerMwh, export: out.exportPriceUsdPerMwh };
  };
  const tariff = (over: Partial<ManualPrice>) => {
    const e = entry({ kind: 'tariff-override', siteId: 's1', ...over });
    delete (e as { seriesId?: string }).seriesId;
    return e;
  };
  const cases: {
    name: string;
    entries: ManualPrice[];
    nowMs?: number;
    import: number[];
    export: number[];
  }[] = [
    { name: 'none: the forecast', entries: [], import: [32, 33, 34, 35], export: [30, 31, 32, 33] },
    {
      name: 'a series price sets the market price in its window, import keeps the site adder',
      entries: [entry({})],
      import: [32, 47, 47, 35],
      export: [30, 45, 45, 33],
    },
    {
      name: 'a window starting inside an interval covers that interval',
      entries: [entry({ fromMs: T0 + Q + 60_000, expiresAtMs: T0 + 2 * Q })],
      import: [32, 47, 34, 35],
      export: [30, 45, 32, 33],
    },
    {
      name: 'a tariff override sets the import price only',
      entries: [tariff({ usdPerMwh: '-7.25' })],
      import: [32, -7.25, -7.25, 35],
      export: [30, 31, 32, 33],
    },
    {
      name: 'another site’s override: ignored',
      entries: [tariff({ siteId: 's2' })],
      import: [32, 33, 34, 35],
      export: [30, 31, 32, 33],
    },
    {
      name: 'expired: ignored',
      entries: [entry({})],
      nowMs: T0 + 3 * Q,
      import: [32, 33, 34, 35],
      export: [30, 31, 32, 33],
    },
    {
      name: 'overlap: the latest entered wins',
      entries: [
        entry({ usdPerMwh: '100', enteredAtMs: T0 - 5 }),
        entry({ usdPerMwh: '10', expiresAtMs: T0 + 2 * Q }),
      ],
      import: [32, 12, 102, 35],
      export: [30, 10, 100, 33],
    },
  ];
  for (const c of cases)
    it(c.name, () => expect(prices(c.entries, c.nowMs)).toEqual({ import: c.import, export: c.export }));
});

describe('manualPriceLines', () => {
  it('names a tariff override in force on the site', () => {
    const override = entry({
      kind: 'tariff-override',
      siteId: 's1',
      usdPerMwh: '52.5',
      fromMs: T0,
      note: 'PPA dispute',
    });
    delete (override as { seriesId?: string }).seriesId;
    expect(manualPriceLines(site, [override], T0)).toEqual([
      'manual tariff 52.50 $/MWh on site s1 until 2024-01-10 12:45 UTC, entered by key-ops (PPA dispute)',
    ]);
    expect(manualPriceLines(site, [override], T0 + 3 * Q)).toEqual([]);
  });

  it('names series entries on the site’s market series in force or starting within the horizon, not one on another series or a day ahead', () => {
    const now = entry({ fromMs: T0 });
    const later = entry({ id: 'm2' });
    const other = entry({ id: 'm3', fromMs: T0, seriesId: 'caiso' });
    const nextDay = entry({ id: 'm4', fromMs: T0 + 86_400_000, expiresAtMs: T0 + 86_400_000 + Q });
    expect(manualPriceLines(site, [now, later, other, nextDay], T0)).toEqual([
      'manual price 45.00 $/MWh on ercot_rt_hb_west until 2024-01-10 12:45 UTC, entered by key-ops',
      'manual price 45.00 $/MWh on ercot_rt_hb_west from 2024-01-10 12:15 UTC until 2024-01-10 12:45 UTC, entered by key-ops',
    ]);
  });
});
