import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../core/backtest/run-backtest.ts';
import { formatRevenueStackCsv, formatRevenueStackTable } from './revenue-stack-table.ts';

const month = {
  month: '2023-08',
  miningUsd: 6_453_000.4,
  btcMined: 222.1,
  gpuUsd: 0,
  exportUsd: 0,
  sellBackUsd: 6_232_000,
  ancillaryUsd: 6_364_000,
  drUsd: 65_000,
  fourCpPaidUsd: 165_000,
  fourCpAvoidedUsd: 1_276_000,
  energyCostUsd: 1_970_000,
  otherCostUsd: 0,
  netUsd: 16_979_000,
  ancillaryByServiceUsd: {},
  deployedMwh: 0,
  deliveredMwh: 0,
  ancillaryMwHoursByService: {},
};

const result = {
  strategies: ['lp-day-ahead+programmes'],
  sites: [
    {
      siteId: 'tx-west-grid',
      fromMs: 0,
      toMs: 0,
      byStrategy: {},
      notes: [],
      revenueStack: { 'lp-day-ahead+programmes': [month] },
    },
    { siteId: 'plain', fromMs: 0, toMs: 0, byStrategy: {}, notes: [] },
  ],
  fleet: {},
  notes: [],
} as unknown as BacktestResult;

describe('revenue stack table', () => {
  it('prints one row per site, strategy and month with every revenue line', () => {
    const csv = formatRevenueStackCsv(result).trim().split('\n');
    expect(csv[0]).toBe(
      'site,strategy,month,mining_usd,gpu_usd,sell_back_usd,ancillary_usd,dr_usd,four_cp_avoided_usd,four_cp_paid_usd,energy_cost_usd,net_usd',
    );
    expect(csv[1]).toBe(
      'tx-west-grid,lp-day-ahead+programmes,2023-08,6453000,0,6232000,6364000,65000,1276000,165000,1970000,16979000',
    );
    expect(csv).toHaveLength(2);
    expect(formatRevenueStackTable(result).split('\n')).toHaveLength(2);
  });

  it('is empty when no site has grid programmes', () => {
    expect(formatRevenueStackTable({ ...result, sites: [result.sites[1]!] })).toBe('');
  });
});
