import type { BacktestResult } from '../../core/backtest/run-backtest.ts';

const COLUMNS = [
  'site',
  'strategy',
  'month',
  'mining_usd',
  'gpu_usd',
  'sell_back_usd',
  'ancillary_usd',
  'dr_usd',
  'four_cp_avoided_usd',
  'four_cp_paid_usd',
  'energy_cost_usd',
  'net_usd',
] as const;

/** One row per site, strategy and local month with grid programmes: the revenue stack. */
export function revenueStackRows(result: BacktestResult): string[][] {
  const rows: string[][] = [];
  for (const site of result.sites) {
    for (const [strategy, months] of Object.entries(site.revenueStack ?? {})) {
      for (const m of months) {
        rows.push([
          site.siteId,
          strategy,
          m.month,
          ...[
            m.miningUsd,
            m.gpuUsd,
            m.sellBackUsd,
            m.ancillaryUsd,
            m.drUsd,
            m.fourCpAvoidedUsd,
            m.fourCpPaidUsd,
            m.energyCostUsd,
            m.netUsd,
          ].map((v) => v.toFixed(0)),
        ]);
      }
    }
  }
  return rows;
}

/** The revenue stack as an aligned text table (empty when no site has grid programmes). */
export function formatRevenueStackTable(result: BacktestResult): string {
  const rows = revenueStackRows(result);
  if (rows.length === 0) return '';
  const all = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all
    .map((r) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
    .join('\n');
}

/** The revenue stack as CSV. */
export function formatRevenueStackCsv(result: BacktestResult): string {
  return `${[[...COLUMNS], ...revenueStackRows(result)].map((r) => r.join(',')).join('\n')}\n`;
}
