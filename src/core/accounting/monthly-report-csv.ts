import { formatScaled, microUsdToText, satsToBtcText } from './exact-units.ts';
import type { Derived, Figures, MonthlyReport } from './monthly-report.ts';
import type { LeaseFigures } from './monthly-report-leases.ts';

/** The report as JSON text: bigints as decimal strings, BTC and USD also as readable decimals. */
export function monthlyReportToJson(report: MonthlyReport): string {
  return `${JSON.stringify(report, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
}

const HEADER = [
  'month',
  'level',
  'id',
  'region',
  'btc_mined',
  'avg_operating_hashrate_ths',
  'deployed_hashrate_ths',
  'operating_share_pct',
  'energy_used_mwh',
  'energy_cost_usd',
  'cost_per_btc_usd',
  'green_share_pct',
  'mining_revenue_usd',
  'ai_revenue_usd',
  'export_revenue_usd',
  'revenue_usd',
  'lease_revenue_usd',
  'gpu_hours_sold',
  'gpu_utilisation_pct',
  'dr_credits_usd',
];

/**
 * One CSV row per site, per region, per lease tier (level `lease-tier`, fleet-wide: only the lease
 * columns) and the fleet total last, in readable exact decimals. `ai_revenue_usd` is the simulated
 * GPU market; `lease_revenue_usd` what the marketplace metered or billed.
 */
export function monthlyReportToCsv(report: MonthlyReport): string {
  const leaseBySite = new Map((report.leases?.sites ?? []).map((s) => [s.siteId, s]));
  const leaseCells = (l: LeaseFigures | undefined) =>
    l === undefined ? ['', ''] : [l.gpuHours, bpsText(l.utilisationBps)];
  const row = (
    level: string,
    id: string,
    region: string,
    f: Figures & Derived,
    l: LeaseFigures | undefined,
  ) =>
    [
      report.month,
      level,
      id,
      region,
      satsToBtcText(f.btcMinedSats),
      f.avgOperatingHashrateThs,
      String(f.deployedHashrateThs),
      bpsText(f.operatingShareBps),
      formatScaled(f.energyUsedWh, 6),
      microUsdToText(f.energyCostMicroUsd),
      f.costPerBtcMicroUsd === undefined ? '' : microUsdToText(f.costPerBtcMicroUsd),
      bpsText(f.greenShareBps),
      microUsdToText(f.miningMicroUsd),
      microUsdToText(f.gpuMicroUsd),
      microUsdToText(f.exportMicroUsd),
      microUsdToText(f.revenueMicroUsd),
      microUsdToText(f.leaseMicroUsd),
      ...leaseCells(l),
      microUsdToText(f.drCreditsMicroUsd),
    ].join(',');
  const lines = [HEADER.join(',')];
  for (const s of report.sites) lines.push(row('site', s.siteId, s.region, s, leaseBySite.get(s.siteId)));
  for (const r of report.regions) lines.push(row('region', r.region, r.region, r, undefined));
  for (const t of report.leases?.total.byTier ?? []) {
    const cells = new Array<string>(HEADER.length).fill('');
    cells[0] = report.month;
    cells[1] = 'lease-tier';
    cells[2] = t.tier;
    cells[HEADER.indexOf('lease_revenue_usd')] = microUsdToText(t.revenueMicroUsd);
    cells[HEADER.indexOf('gpu_hours_sold')] = t.gpuHours;
    lines.push(cells.join(','));
  }
  lines.push(row('fleet', 'total', '', report.total, report.leases?.total));
  return `${lines.join('\n')}\n`;
}

/** Basis points as a percent with 2 decimals (`1234n` -> `12.34`); '' when undefined. */
export function bpsText(bps: bigint | undefined): string {
  return bps === undefined ? '' : formatScaled(bps, 2);
}
