import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.ts';
import {
  buildMonthlyReport,
  checkReportAgainstLedger,
  daysInMonth,
  monthlyReportToCsv,
  postSiteDays,
  previousMonth,
} from './monthly-report.ts';
import { monthlyReportToHtml } from './monthly-report-html.ts';
import type { SiteDay } from './site-day.ts';

const day = (siteId: string, date: string, patch: Partial<SiteDay> = {}): SiteDay => ({
  siteId,
  date,
  seconds: 86_400n,
  btcMinedSats: 100_000_000n, // 1 BTC
  hashrateThSeconds: 100n * 86_400n, // 100 TH/s all day
  energyUsedWh: 1_000_000n,
  importWh: 600_000n,
  exportWh: 100_000n,
  renewableUsedWh: 500_000n,
  miningMicroUsd: 60_000_000_000n,
  gpuMicroUsd: 1_000_000n,
  exportMicroUsd: 2_000_000n,
  supplyCostMicroUsd: 30_000_000_000n,
  demandChargeMicroUsd: 500_000n,
  batteryCostMicroUsd: 0n,
  ...patch,
});

const sites = [
  { id: 'a', name: 'A', region: 'north', deployedHashrateThs: 200 },
  { id: 'b', name: 'B', region: 'south', deployedHashrateThs: 100 },
];

describe('buildMonthlyReport', () => {
  it('sums exact site-days into sites, regions and the fleet, with derived ratios', () => {
    const days = [
      day('a', '2025-02-01'),
      day('a', '2025-02-02', { btcMinedSats: 50_000_000n }),
      day('b', '2025-02-01'),
      day('b', '2025-01-31'), // other month: ignored
    ];
    const report = buildMonthlyReport({ month: '2025-02', strategy: 'x', sites, siteDays: days });
    expect(report.monthSeconds).toBe(28n * 86_400n);
    const a = report.sites[0]!;
    expect(a.btcMinedSats).toBe(150_000_000n);
    // 2 days x 100 TH/s over 28 days = 7.142857... TH/s -> 7.143; of 200 deployed = 3.57 %
    expect(a.avgOperatingHashrateThs).toBe('7.143');
    expect(a.operatingShareBps).toBe(357n);
    // cost 2 x (30,000 + 0.5) USD / 1.5 BTC = 40,000.666667 USD per BTC
    expect(a.costPerBtcMicroUsd).toBe(40_000_666_667n);
    // green = 500 - 100 kWh exported = 400 of 1000 kWh = 40 %
    expect(a.greenShareBps).toBe(4_000n);
    expect(report.total.btcMinedSats).toBe(250_000_000n);
    expect(report.regions.map((r) => [r.region, r.btcMinedSats])).toEqual([
      ['north', 150_000_000n],
      ['south', 100_000_000n],
    ]);
    expect(report.total.revenueMicroUsd).toBe(3n * (60_000_000_000n + 3_000_000n));
    expect(report.dailyBtcSats).toEqual([
      { date: '2025-02-01', sats: 200_000_000n },
      { date: '2025-02-02', sats: 50_000_000n },
    ]);
    expect(report.notes).toEqual(['a: 2 of 28 days settled', 'b: 1 of 28 days settled']);

    const ledger = new Ledger();
    postSiteDays(ledger, days);
    expect(checkReportAgainstLedger(report, ledger)).toEqual([]);
    const wrong = new Ledger();
    postSiteDays(wrong, days.slice(1));
    expect(checkReportAgainstLedger(report, wrong)[0]).toMatch(
      /^a BTC mined \(sats\): report 150000000, ledger 50000000/,
    );

    const csv = monthlyReportToCsv(report).split('\n');
    expect(csv[1]).toBe(
      '2025-02,site,a,north,1.50000000,7.143,200,3.57,2.000000,60001.000000,40000.666667,40.00,120000.000000,2.000000,4.000000,120006.000000,0.000000,,,0.000000',
    );
    expect(monthlyReportToHtml(report)).toContain('<svg');
  });

  it('computes month-over-month change from the previous month', () => {
    const report = buildMonthlyReport({
      month: '2025-03',
      strategy: 'x',
      sites,
      siteDays: [day('a', '2025-03-01', { btcMinedSats: 90_000_000n })],
      previous: { month: '2025-02', siteDays: [day('a', '2025-02-01')] },
    });
    expect(report.monthOverMonth?.btcMinedSats).toEqual({
      previous: 100_000_000n,
      current: 90_000_000n,
      difference: -10_000_000n,
      changeBps: -1_000n,
    });
  });

  it('knows month lengths and rejects a bad month', () => {
    expect(daysInMonth('2024-02')).toBe(29);
    expect(previousMonth('2025-01')).toBe('2024-12');
    expect(() => buildMonthlyReport({ month: '2025-13', strategy: 'x', sites, siteDays: [] })).toThrow(
      /YYYY-MM/,
    );
  });
});
