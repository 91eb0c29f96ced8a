import { describe, expect, it } from 'vitest';
import type { Invoice, Lease, MeterSegment } from '../marketplace/marketplace-types.ts';
import { leaseMonth, leasePostings, leaseUsageFromMeter } from './lease-revenue.ts';
import { Ledger } from './ledger.ts';
import {
  buildMonthlyReport,
  checkReportAgainstLedger,
  monthlyReportToCsv,
  postSiteDays,
} from './monthly-report.ts';
import { monthlyReportToHtml } from './monthly-report-html.ts';
import type { SiteDay } from './site-day.ts';

const H = 3_600_000;
const FROM = Date.UTC(2025, 1, 1);
const TO = Date.UTC(2025, 2, 1);

const lease = (id: string, tenantId: string, tier: Lease['tier'], rate: number): Lease => ({
  id,
  tenantId,
  quoteId: `q-${id}`,
  idempotencyKey: id,
  siteId: 'hub',
  groupId: 'h100',
  gpuModel: 'H100 SXM',
  tier,
  gpus: 8,
  rateCentsPerGpuHour: rate,
  state: 'running',
  createdAtMs: FROM - H,
  placements: [],
  transitions: [],
});
const segment = (leaseId: string, seq: number, fromMs: number, toMs: number, gpus: number): MeterSegment => ({
  leaseId,
  seq,
  state: 'running',
  fromMs,
  toMs,
  gpus,
  energyWh: 0,
  greenWh: 0,
});

const invoice: Invoice = {
  id: 'inv-1',
  tenantId: 'acme',
  month: '2025-02',
  lines: [
    {
      leaseId: 'l-acme',
      tier: 'reserved',
      siteId: 'hub',
      gpuModel: 'H100 SXM',
      state: 'reserved',
      gpuSeconds: 8 * 100 * 3600,
      rateCentsPerGpuHour: 200,
      amountCents: 160_000,
      energyWh: 0,
      greenWh: 0,
    },
  ],
  totalCents: 160_000,
  energyWh: 0,
  greenWh: 0,
  issuedAtMs: TO,
};

const day: SiteDay = {
  siteId: 'hub',
  date: '2025-02-01',
  seconds: 86_400n,
  btcMinedSats: 1_000n,
  hashrateThSeconds: 86_400n,
  energyUsedWh: 1_000n,
  importWh: 1_000n,
  exportWh: 0n,
  renewableUsedWh: 0n,
  miningMicroUsd: 1_000_000n,
  gpuMicroUsd: 0n,
  exportMicroUsd: 0n,
  supplyCostMicroUsd: 500_000n,
  demandChargeMicroUsd: 0n,
  batteryCostMicroUsd: 0n,
};

describe('lease revenue in the monthly report', () => {
  it('meters a lease as an invoice would: whole GPU-seconds clipped to the month, half-up cents', () => {
    // 4 GPUs from 1 h before the month to 1.5 h into it -> 4 x 1.5 h; and 2 GPUs for 1001 ms.
    const usage = leaseUsageFromMeter(
      [lease('l-1', 'beta', 'interruptible', 101)],
      [
        segment('l-1', 1, FROM - H, FROM + 1.5 * H, 4),
        segment('l-1', 2, FROM + 2 * H, FROM + 2 * H + 1001, 2),
      ],
      FROM,
      TO,
    );
    // 21600 + 2 GPU-seconds x 101 c/h = 606.0561 c -> 606 c
    expect(usage).toEqual([
      {
        tenantId: 'beta',
        siteId: 'hub',
        tier: 'interruptible',
        gpuSeconds: 21_602n,
        amountCents: 606n,
        source: 'meter',
      },
    ]);
  });

  it('shows revenue by tier, GPU-hours sold and utilisation, and agrees with the ledger', () => {
    const leases = leaseMonth({
      fromMs: FROM,
      toMs: TO,
      sites: [{ id: 'hub', gpus: 64 }],
      invoices: [invoice],
      // acme is invoiced, so its meter segments are not counted again.
      leases: [lease('l-acme', 'acme', 'reserved', 200), lease('l-beta', 'beta', 'on-demand', 300)],
      segments: [segment('l-acme', 1, FROM, TO, 8), segment('l-beta', 1, FROM, FROM + 10 * H, 8)],
    });
    const report = buildMonthlyReport({
      month: '2025-02',
      strategy: 'x',
      sites: [{ id: 'hub', name: 'Hub', region: 'tx', deployedHashrateThs: 1 }],
      siteDays: [day],
      leases,
    });
    const l = report.leases!;
    expect(l.total.byTier.map((t) => [t.tier, t.gpuHours, t.revenueMicroUsd])).toEqual([
      ['reserved', '800.000', 1_600_000_000n],
      ['on-demand', '80.000', 240_000_000n],
    ]);
    // 880 GPU-hours of 64 GPUs x 672 h = 43008 GPU-hours -> 2.05 %
    expect(l.sites[0]).toMatchObject({ siteId: 'hub', gpuHours: '880.000', utilisationBps: 205n });
    expect(l.tenants).toEqual([
      { tenantId: 'acme', source: 'invoice', revenueMicroUsd: 1_600_000_000n },
      { tenantId: 'beta', source: 'meter', revenueMicroUsd: 240_000_000n },
    ]);
    expect(report.sites[0]!.leaseMicroUsd).toBe(1_840_000_000n);
    expect(report.total.revenueMicroUsd).toBe(1_000_000n + 1_840_000_000n);

    const ledger = new Ledger();
    postSiteDays(ledger, [day]);
    const postings = leasePostings('2025-02', '2025-02-28', leases.usage);
    expect(postings.map((p) => [p.key, p.date, p.lines[0]!.account, p.lines[0]!.amount])).toEqual([
      ['lease-invoiced:acme:2025-02', '2025-02-28', 'lease-receivable:acme', 1_600_000_000n],
      ['lease-metered:beta:2025-02', '2025-02-28', 'lease-receivable:beta', 240_000_000n],
    ]);
    expect(checkReportAgainstLedger(report, ledger)).toContain(
      'total GPU and lease revenue (micro-USD): report 1840000000, ledger 0',
    );
    ledger.postAll(postings);
    expect(checkReportAgainstLedger(report, ledger)).toEqual([]);

    const csv = monthlyReportToCsv(report).trim().split('\n');
    expect(csv[1]!.split(',').slice(-4)).toEqual(['1840.000000', '880.000', '2.05', '0.000000']);
    expect(csv.filter((line) => line.includes(',lease-tier,'))).toEqual([
      '2025-02,lease-tier,reserved,,,,,,,,,,,,,,1600.000000,800.000,,',
      '2025-02,lease-tier,on-demand,,,,,,,,,,,,,,240.000000,80.000,,',
    ]);
    expect(csv.at(-1)).toMatch(/^2025-02,fleet,total,/);
    const html = monthlyReportToHtml(report);
    expect(html).toContain('AI leases (marketplace)');
    expect(html).toContain('AI lease: reserved');
  });
});
