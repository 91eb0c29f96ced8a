import { beforeAll, describe, expect, it } from 'vitest';
import { FakeMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { satsToBtcText } from '../../src/core/accounting/exact-units.ts';
import {
  checkReportAgainstLedger,
  monthlyReportToCsv,
  monthlyReportToJson,
} from '../../src/core/accounting/monthly-report.ts';
import { monthlyReportToHtml } from '../../src/core/accounting/monthly-report-html.ts';
import { expectedDaySats, networkDaysFromBtcDays } from '../../src/core/accounting/network-day.ts';
import { runMonthlyReport } from '../../src/core/accounting/run-monthly-report.ts';
import { parseFleet } from '../../src/core/fleet/index.ts';
import { TimeSeries } from '../../src/core/market/index.ts';

const DAY_MS = 86_400_000;
const START = Date.parse('2024-07-20T00:00:00Z');
const DAYS = 76; // .. 2024-10-03

function fakeMarket(): FakeMarketData {
  const points: { startMs: number; value: number }[] = [];
  for (let i = 0; i < DAYS * 96; i++) {
    const ms = START + i * 900_000;
    const hour = new Date(ms).getUTCHours();
    points.push({ startMs: ms, value: hour < 6 ? -5 : 40 + (i % 11) });
  }
  const days = Array.from({ length: DAYS }, (_, d) => ({
    date: new Date(START + d * DAY_MS).toISOString().slice(0, 10),
    priceUsd: 60_000 + d * 100,
    difficulty: 8e13 + d * 1e11,
    hashrateEhs: null,
    blockCount: 144,
    feesBtc: 144 * 0.1,
    subsidyBtc: 144 * 3.125,
  }));
  return new FakeMarketData()
    .withBtcDays(days)
    .withDifficultyEpochs([{ height: 840_672, startDate: '2024-04-24', difficulty: 8e13 }])
    .withPriceSeries(TimeSeries.fromPoints('test_rt', 'USD/MWh', 900_000, points), 'USD')
    .withMinerModels([
      { model: 'Antminer S21', vendor: 'Bitmain', hashrateThs: 200, powerW: 3500, efficiencyJPerTh: 17.5 },
      {
        model: 'Antminer S19j Pro',
        vendor: 'Bitmain',
        hashrateThs: 104,
        powerW: 3068,
        efficiencyJPerTh: 29.5,
      },
    ]);
}

const site = (id: string, region: string, group: object, extra: object = {}) => ({
  id,
  name: id,
  region,
  country: 'US',
  timeZone: 'America/Chicago',
  coordinates: { lat: 32, lon: -102 },
  grid: { importMw: 20, exportMw: 4 },
  supply: [{ kind: 'market', series: 'test_rt', adderPerMwh: 3 }],
  minerGroups: [group],
  pool: { name: 'pool', feePercent: 2 },
  ...extra,
});

const fleet = parseFleet(
  {
    version: 1,
    sites: [
      site(
        'tx-a',
        'north-america',
        { id: 's21', model: 'Antminer S21', count: 1000, firmware: 'braiins-os' },
        {
          demandCharge: { perMwMonth: 1000 },
        },
      ),
      site('tx-b', 'north-america', {
        id: 's19',
        model: 'Antminer S19j Pro',
        count: 500,
        firmware: 'antminer-stock',
      }),
      site('py-c', 'south-america', { id: 's21', model: 'Antminer S21', count: 300, firmware: 'braiins-os' }),
    ],
  },
  'report test fleet',
);

let solver: HighsSolver;
beforeAll(async () => {
  solver = await HighsSolver.load();
});

describe('runMonthlyReport (backtest settlement -> exact site-days -> ledger -> report)', () => {
  it('builds the month, agrees with the ledger, and totals are the sums of sites and regions', () => {
    const run = runMonthlyReport(
      { fleet, month: '2024-09', strategy: 'always-on' },
      { market: fakeMarket(), solver },
    );
    const { report, ledger } = run;
    expect(report.sites.map((s) => s.siteId)).toEqual(['tx-a', 'tx-b', 'py-c']);
    expect(run.siteDays).toHaveLength(3 * 30);
    // Totals = ledger balances.
    expect(checkReportAgainstLedger(report, ledger)).toEqual([]);
    expect(report.total.btcMinedSats).toBe(ledger.balance('pool-receivable', '2024-09'));
    expect(report.total.energyCostMicroUsd).toBe(ledger.creditBalance('energy-payable', '2024-09'));
    for (const s of report.sites)
      expect(s.btcMinedSats).toBe(ledger.creditBalance(`mining-revenue:${s.siteId}`, '2024-09'));
    // Totals = sum of sites = sum of regions = sum of site-days.
    const sumSites = report.sites.reduce((a, s) => a + s.btcMinedSats, 0n);
    const sumRegions = report.regions.reduce((a, r) => a + r.btcMinedSats, 0n);
    const sumDays = run.siteDays.reduce((a, d) => a + d.btcMinedSats, 0n);
    expect(report.total.btcMinedSats).toBe(sumSites);
    expect(sumRegions).toBe(sumSites);
    expect(sumDays).toBe(sumSites);
    expect(report.dailyBtcSats.reduce((a, d) => a + d.sats, 0n)).toBe(sumSites);
    expect(report.regions.map((r) => [r.region, r.siteIds])).toEqual([
      ['north-america', ['tx-a', 'tx-b']],
      ['south-america', ['py-c']],
    ]);
    // Always-on: operating hashrate = deployed (1000 S21 = 200,000 TH/s).
    const a = report.sites[0]!;
    expect(a.deployedHashrateThs).toBeCloseTo(200_000, 6);
    expect(Number(a.avgOperatingHashrateThs)).toBeCloseTo(200_000, 0);
    expect(a.operatingShareBps).toBe(10_000n);
    // The backtest's float BTC, converted once per site-day, equals the exact FPPS formula on the
    // same day's integer inputs (always-on: every hour at full hashrate) to within 1 sat per day.
    const market = fakeMarket();
    const network = new Map(
      networkDaysFromBtcDays(market.btcDays(), market.difficultyEpochs()).map((d) => [d.date, d]),
    );
    for (const day of run.siteDays.filter((d) => d.siteId === 'tx-a')) {
      const hashrateHs = (day.hashrateThSeconds * 1_000_000_000_000n) / day.seconds;
      const exact = expectedDaySats(network.get(day.date)!, hashrateHs, 200n, day.seconds);
      const diff = day.btcMinedSats - exact;
      expect(diff >= -1n && diff <= 1n).toBe(true);
    }
    // Previous month ran (data covers August) -> month-over-month change.
    expect(report.monthOverMonth?.previousMonth).toBe('2024-08');
    expect(report.monthOverMonth!.btcMinedSats.current).toBe(report.total.btcMinedSats);
    expect(ledger.creditBalance('mining-revenue:tx-a', '2024-08')).toBe(
      report.monthOverMonth!.btcMinedSats.previous -
        ledger.creditBalance('mining-revenue:tx-b', '2024-08') -
        ledger.creditBalance('mining-revenue:py-c', '2024-08'),
    );
    // Posting the same site-days again books nothing.
    const before = ledger.postings().length;
    expect(ledger.postAll([...ledger.postings()]).booked).toBe(0);
    expect(ledger.postings()).toHaveLength(before);

    const csv = monthlyReportToCsv(report);
    expect(csv.split('\n')[0]).toMatch(/^month,level,id,region,btc_mined,/);
    expect(csv).toContain(`2024-09,fleet,total,,${satsToBtcText(report.total.btcMinedSats)},`);
    const json = JSON.parse(monthlyReportToJson(report));
    expect(json.total.btcMinedSats).toBe(report.total.btcMinedSats.toString());
    const html = monthlyReportToHtml(report);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/<script|<link/);
  });

  it('reports no month-over-month change when the previous month is not covered', () => {
    const { report } = runMonthlyReport(
      { fleet, month: '2024-08', strategy: 'always-on' },
      { market: fakeMarket(), solver },
    );
    expect(report.monthOverMonth).toBeUndefined();
    expect(report.notes.some((n) => n.includes('2024-07 is only partly covered'))).toBe(true);
  });
});
