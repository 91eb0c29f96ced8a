import type { BacktestTotals } from '../../core/backtest/backtest-summary.ts';
import type { BacktestResult } from '../../core/backtest/run-backtest.ts';

export interface SummaryRow {
  readonly scope: string;
  readonly strategy: string;
  readonly totals: BacktestTotals;
  /** USD earned as a share of perfect foresight's, when perfect foresight ran. */
  readonly shareOfPerfect: number | undefined;
}

/** One row per strategy for the fleet, then per site. */
export function summaryRows(result: BacktestResult): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const scopes: Array<[string, Readonly<Record<string, BacktestTotals>>]> = [['fleet', result.fleet]];
  if (result.sites.length > 1) for (const site of result.sites) scopes.push([site.siteId, site.byStrategy]);
  for (const [scope, byStrategy] of scopes) {
    const perfect = byStrategy['perfect-foresight']?.usdEarned;
    for (const strategy of result.strategies) {
      const totals = byStrategy[strategy]!;
      rows.push({
        scope,
        strategy,
        totals,
        shareOfPerfect: perfect !== undefined && perfect !== 0 ? totals.usdEarned / perfect : undefined,
      });
    }
  }
  return rows;
}

const HEADERS = [
  'scope',
  'strategy',
  'USD earned',
  'mining USD',
  'AI USD',
  'energy USD',
  'BTC mined',
  'MWh used',
  'curtailed h',
  'batt cycles',
  '% of perfect',
];

/** A fixed-width text table for the terminal. */
export function formatSummaryTable(rows: readonly SummaryRow[]): string {
  const cells = rows.map((row) => [
    row.scope,
    row.strategy,
    money(row.totals.usdEarned),
    money(row.totals.miningUsd),
    money(row.totals.gpuUsd),
    money(row.totals.energyCostUsd),
    row.totals.btcMined.toFixed(4),
    Math.round(row.totals.mwhUsed).toLocaleString('en-US'),
    row.totals.curtailedHours.toFixed(1),
    row.totals.batteryCycles.toFixed(1),
    row.shareOfPerfect === undefined ? '-' : `${(row.shareOfPerfect * 100).toFixed(1)}%`,
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** CSV of the same rows (full precision), for the --out folder. */
export function formatSummaryCsv(rows: readonly SummaryRow[]): string {
  const header =
    'scope,strategy,usd_earned,mining_usd,gpu_usd,export_usd,energy_cost_usd,battery_cost_usd,demand_charge_usd,btc_mined,mwh_used,curtailed_hours,battery_cycles,share_of_perfect';
  const lines = rows.map((r) =>
    [
      r.scope,
      r.strategy,
      r.totals.usdEarned.toFixed(2),
      r.totals.miningUsd.toFixed(2),
      r.totals.gpuUsd.toFixed(2),
      r.totals.exportUsd.toFixed(2),
      r.totals.energyCostUsd.toFixed(2),
      r.totals.batteryCostUsd.toFixed(2),
      r.totals.demandChargeUsd.toFixed(2),
      r.totals.btcMined.toFixed(8),
      r.totals.mwhUsed.toFixed(3),
      r.totals.curtailedHours.toFixed(2),
      r.totals.batteryCycles.toFixed(3),
      r.shareOfPerfect === undefined ? '' : r.shareOfPerfect.toFixed(6),
    ].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}

function money(value: number): string {
  const rounded = Math.round(value);
  return `${rounded < 0 ? '-' : ''}$${Math.abs(rounded).toLocaleString('en-US')}`;
}
