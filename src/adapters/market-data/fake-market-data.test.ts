import { describe, expect, it } from 'vitest';
import type { BtcDay } from '../../core/market/index.ts';
import { TimeSeries } from '../../core/market/index.ts';
import { FakeMarketData } from './fake-market-data.ts';
import { runMarketDataContract } from './market-data.contract.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-04-20T00:00:00Z');

function day(date: string, priceUsd: number | null): BtcDay {
  return {
    date,
    priceUsd,
    difficulty: 86388558925171.3,
    hashrateEhs: null,
    blockCount: null,
    feesBtc: null,
    subsidyBtc: null,
  };
}

function seeded(): FakeMarketData {
  return new FakeMarketData()
    .withBtcDays([day('2024-04-21', 64_900), day('2024-04-19', 63_800), day('2024-04-20', 64_979.21)])
    .withDifficultyEpochs([{ height: 840_672, startDate: '2024-04-24', difficulty: 88104191118792.8 }])
    .withPriceSeries(
      TimeSeries.fromPoints('west', 'USD/MWh', HOUR, [
        { startMs: T0, value: 20 },
        { startMs: T0 + HOUR, value: 25 },
        { startMs: T0 + 3 * HOUR, value: -3 },
      ]),
      'USD',
    )
    .withPriceSeries(TimeSeries.fromPoints('alberta', 'CAD/MWh', HOUR, [{ startMs: T0, value: 80 }]), 'CAD')
    .withMinerModels([
      {
        model: 'Antminer S19j Pro',
        vendor: 'Bitmain',
        hashrateThs: 104,
        powerW: 3068,
        efficiencyJPerTh: 29.5,
      },
    ])
    .withGpuRentalPrices([
      {
        observedDate: '2025-06',
        provider: 'X',
        gpuModel: 'H100',
        vramGb: 80,
        tier: 'spot',
        priceUsdPerGpuHour: 2,
      },
    ]);
}

runMarketDataContract(
  'FakeMarketData',
  async () =>
    seeded()
      .withSystemLoad(TimeSeries.fromPoints('system_load', 'MW', HOUR, [{ startMs: T0, value: 61_000 }]))
      .withAncillaryPrices(
        'rrs',
        TimeSeries.fromPoints('as_rrs', 'USD/MW-h', HOUR, [{ startMs: T0, value: 4.5 }]),
      )
      .withAncillaryPrices(
        'ecrs',
        TimeSeries.fromPoints('as_ecrs', 'USD/MW-h', HOUR, [
          { startMs: T0, value: 9 },
          { startMs: T0 + 2 * HOUR, value: 9 },
        ]),
      )
      .withGridEvents([
        {
          date: '2024-04-20',
          type: 'conservation_appeal',
          fromMs: T0 + HOUR,
          toMs: T0 + 3 * HOUR,
          dayStartMs: T0,
          dayEndMs: T0 + 24 * HOUR,
          detail: 'test',
          confidence: 'high',
        },
      ]),
  {
    knownDate: '2024-04-20',
    seriesId: 'west',
    currency: 'USD',
    gapMs: T0 + 2 * HOUR + 1,
    grid: { loadMs: T0, loadMw: 61_000, ecrsGapMs: T0 + HOUR, rrsMs: T0, rrsUsdPerMw: 4.5 },
  },
);

describe('FakeMarketData', () => {
  it('serves what it was configured with', () => {
    const market = seeded();
    expect(market.btcDays().map((d) => d.date)).toEqual(['2024-04-19', '2024-04-20', '2024-04-21']);
    expect(market.btcDayAt(T0 + 5 * HOUR)?.priceUsd).toBe(64_979.21);
    expect(market.priceSeriesIds()).toEqual(['alberta', 'west']);
    expect(market.priceCurrency('alberta')).toBe('CAD');
    expect(market.priceSeries('west').at(T0 + HOUR + 1)).toBe(25);
    expect(market.difficultyEpochs()).toHaveLength(1);
    expect(market.gpuRentalPrices()[0]!.priceUsdPerGpuHour).toBe(2);
  });

  it('starts empty, defaults the currency to USD and replaces a series with the same id', () => {
    const market = new FakeMarketData();
    expect(market.btcDays()).toEqual([]);
    expect(market.btcDayAt(T0)).toBeUndefined();
    expect(market.minerModels()).toEqual([]);
    market.withPriceSeries(TimeSeries.fromPoints('s', 'USD/MWh', HOUR, [{ startMs: T0, value: 1 }]));
    market.withPriceSeries(TimeSeries.fromPoints('s', 'USD/MWh', HOUR, [{ startMs: T0, value: 2 }]));
    expect(market.priceCurrency('s')).toBe('USD');
    expect(market.priceSeries('s').at(T0)).toBe(2);
  });

  it('serves weather by id and rejects unknown ids like the replay does', () => {
    const ghi = TimeSeries.fromPoints('site/ghi', 'W/m2', HOUR, [{ startMs: T0, value: 500 }]);
    const market = new FakeMarketData()
      .withSolarWeather({ id: 'site', ghiWm2: ghi, tempAirC: ghi })
      .withHubHeightWind({ id: 'site', speedByHeightMs: new Map([[100, ghi]]) });
    expect(market.solarWeather('site').ghiWm2.at(T0)).toBe(500);
    expect(market.hubHeightWind('site').speedByHeightMs.has(100)).toBe(true);
    expect(() => market.solarWeather('elsewhere')).toThrow('unknown solar weather "elsewhere"; known: site');
    expect(() => market.priceSeries('x')).toThrow(
      expect.objectContaining({ code: 'SY_ERR_DATA_SERIES_UNKNOWN' }),
    );
  });
});
