import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFleetFile } from '../../src/adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { monthlyReportToHtml } from '../../src/core/accounting/monthly-report-html.ts';
import { type MonthlyReportRun, runMonthlyReport } from '../../src/core/accounting/run-monthly-report.ts';

/**
 * The monthly report of the West Texas example for September 2023 on the real ERCOT data
 * (../shared/data): the 4CP peak of 2023-09-08, the EEA of 2023-09-06, hourly settlement.
 */
const fleetFile = fileURLToPath(new URL('../../examples/west-texas-programmes.yaml', import.meta.url));
let run: MonthlyReportRun;

beforeAll(async () => {
  const [market, solver] = await Promise.all([ReplayMarketData.load(dataDirFromEnv()), HighsSolver.load()]);
  run = runMonthlyReport(
    {
      fleet: loadFleetFile(fleetFile),
      month: '2023-09',
      strategy: 'lp-day-ahead+programmes',
      cellMinutes: 60,
      withPreviousMonth: false,
    },
    { market, solver },
  );
});

describe('monthly report with grid programmes', () => {
  it('shows the revenue stack of the site, each line equal to its ledger account', () => {
    const stack = run.report.revenueStack!;
    expect(stack).toHaveLength(1);
    const s = stack[0]!;
    expect(s.siteId).toBe('tx-west-grid');
    expect(s.sellBackMicroUsd).toBeGreaterThan(0n);
    expect(s.ancillaryMicroUsd).toBeGreaterThan(0n);
    expect(s.drMicroUsd).toBeGreaterThan(0n);
    expect(run.ledger.creditBalance('power-credits:tx-west-grid', '2023-09')).toBe(s.sellBackMicroUsd);
    const ancillary =
      run.ledger.creditBalance('ancillary-revenue:tx-west-grid:rrs', '2023-09') +
      run.ledger.creditBalance('ancillary-revenue:tx-west-grid:ecrs', '2023-09');
    expect(ancillary).toBe(s.ancillaryMicroUsd);
    expect(run.ledger.balance('transmission-4cp:tx-west-grid', '2023-09')).toBe(s.fourCpPaidMicroUsd);
    expect(s.netMicroUsd).toBe(
      s.miningMicroUsd +
        s.gpuMicroUsd +
        s.exportMicroUsd +
        s.sellBackMicroUsd +
        s.ancillaryMicroUsd +
        s.drMicroUsd -
        s.energyCostMicroUsd -
        s.fourCpPaidMicroUsd,
    );
    expect(run.ledger.trialBalance('micro-usd')).toBe(0n);
  });

  it('settles the September 2023 peak (2023-09-08 HE17) as paid or avoided, and shows the stack in HTML', () => {
    const s = run.report.revenueStack![0]!;
    expect(s.fourCpPaidMicroUsd + s.fourCpAvoidedMicroUsd).toBeGreaterThan(0n);
    expect(monthlyReportToHtml(run.report)).toMatch(/Revenue stack \(grid programmes\)/);
  });
});
