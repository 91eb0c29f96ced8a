import type { Ledger } from './ledger.ts';
import type { MonthlyReport } from './monthly-report.ts';
import { ENERGY_CONTRACTS, marketTenant, type SiteDay, siteDayPostings } from './site-day.ts';

/** Books every site-day (idempotent: a site-day posted before books nothing). */
export function postSiteDays(
  ledger: Ledger,
  siteDays: readonly SiteDay[],
): { booked: number; duplicates: number } {
  return ledger.postAll(siteDays.flatMap(siteDayPostings));
}

/**
 * Compares the report with the ledger's balances for the month; returns the disagreements (empty
 * when every figure the ledger holds equals the report, site by site and in total).
 */
export function checkReportAgainstLedger(report: MonthlyReport, ledger: Ledger): string[] {
  const period = report.month;
  const problems: string[] = [];
  const expect = (what: string, reportValue: bigint, ledgerValue: bigint) => {
    if (reportValue !== ledgerValue) problems.push(`${what}: report ${reportValue}, ledger ${ledgerValue}`);
  };
  for (const site of report.sites) {
    const id = site.siteId;
    expect(`${id} BTC mined (sats)`, site.btcMinedSats, ledger.creditBalance(`mining-revenue:${id}`, period));
    expect(
      `${id} energy cost (micro-USD)`,
      site.energyCostMicroUsd,
      ledger.balanceOfPrefix(`energy-cost:${id}:`, period),
    );
    expect(
      `${id} supply cost (micro-USD)`,
      site.supplyCostMicroUsd,
      ledger.balance(`energy-cost:${id}:${ENERGY_CONTRACTS.supply}`, period),
    );
    expect(
      `${id} GPU revenue (micro-USD)`,
      site.gpuMicroUsd,
      ledger.creditBalance(`lease-revenue:${marketTenant(id)}`, period),
    );
  }
  const t = report.total;
  expect('total BTC mined (sats)', t.btcMinedSats, -ledger.balanceOfPrefix('mining-revenue:', period));
  expect('total BTC receivable (sats)', t.btcMinedSats, ledger.balance('pool-receivable', period));
  expect(
    'total energy cost (micro-USD)',
    t.energyCostMicroUsd,
    ledger.creditBalance('energy-payable', period),
  );
  expect(
    'total GPU and lease revenue (micro-USD)',
    t.gpuMicroUsd + t.leaseMicroUsd,
    -ledger.balanceOfPrefix('lease-revenue:', period),
  );
  const byTenant = new Map<string, bigint>();
  for (const t of report.leases?.tenants ?? [])
    byTenant.set(t.tenantId, (byTenant.get(t.tenantId) ?? 0n) + t.revenueMicroUsd);
  for (const [tenant, revenue] of byTenant)
    expect(
      `${tenant} lease revenue (micro-USD)`,
      revenue,
      ledger.creditBalance(`lease-revenue:${tenant}`, period),
    );
  expect('total DR credits (micro-USD)', t.drCreditsMicroUsd, ledger.creditBalance('dr-credits', period));
  expect(
    'total export revenue (micro-USD)',
    t.exportMicroUsd,
    ledger.creditBalance('export-revenue', period),
  );
  expect('trial balance sats', 0n, ledger.trialBalance('sats', period));
  expect('trial balance micro-USD', 0n, ledger.trialBalance('micro-usd', period));
  return problems;
}
