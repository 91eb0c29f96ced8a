import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import {
  formatScaled,
  microUsdToText,
  roundHalfEvenDiv,
  satsToBtcText,
} from '../core/accounting/exact-units.ts';
import { bpsText, type MonthlyReport, monthlyReportToJson } from '../core/accounting/monthly-report.ts';
import { REPORT_FORMATS, renderMonthlyReport } from '../core/accounting/monthly-report-document.ts';
import { DEFAULT_REPORT_STRATEGY, runMonthlyReport } from '../core/accounting/run-monthly-report.ts';
import { strategyNames } from '../core/backtest/run-backtest.ts';
import { loadMarketData, loadSolver, parseNumberOption } from './context.ts';
import { progressBar } from './progress-bar.ts';

export interface ReportOptions {
  month: string;
  fleet: string;
  out?: string;
  strategy: string;
  dataDir?: string;
  intervalMinutes: string;
  resolveEvery: string;
  gpuCommittedShare: string;
  previous: boolean;
  json?: boolean;
}

/** `switchyard report --month YYYY-MM --fleet FILE [--out DIR]`: the month's production report. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      "the month's production report: BTC mined, hashrate, energy and its cost, revenue, green share",
    )
    .requiredOption('--month <YYYY-MM>', 'calendar month (UTC days)')
    .requiredOption('--fleet <file>', 'fleet file')
    .option('--out <dir>', 'write report-YYYY-MM.{json,csv,html} here')
    .option(
      '--strategy <name>',
      `backtest strategy settling the month (${strategyNames.join(', ')})`,
      DEFAULT_REPORT_STRATEGY,
    )
    .option('--data-dir <dir>', 'market data directory (default $SWITCHYARD_DATA_DIR or ../shared/data)')
    .option('--interval-minutes <minutes>', 'interval length', '15')
    .option('--resolve-every <intervals>', 're-plan every N intervals', '1')
    .option('--gpu-committed-share <share>', 'share of GPUs under committed leases', '0.5')
    .option('--no-previous', 'do not run the previous month (no month-over-month change)')
    .option('--json', 'print the report as JSON instead of a summary')
    .action(async (options: ReportOptions) => {
      const report = await reportFromOptions(options);
      if (options.out) {
        mkdirSync(options.out, { recursive: true });
        for (const format of REPORT_FORMATS) {
          const document = renderMonthlyReport(report, format);
          writeFileSync(join(options.out, document.fileName), document.body);
        }
      }
      process.stdout.write(options.json ? monthlyReportToJson(report) : summaryText(report, options.out));
    });
}

export async function reportFromOptions(options: ReportOptions): Promise<MonthlyReport> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
    throw new Error(`--month: "${options.month}" is not a month (YYYY-MM)`);
  const fleet = loadFleetFile(options.fleet);
  const [market, solver] = await Promise.all([loadMarketData(options.dataDir), loadSolver()]);
  const bar = progressBar('report');
  try {
    return runMonthlyReport(
      {
        fleet,
        month: options.month,
        strategy: options.strategy,
        cellMinutes: parseNumberOption('interval-minutes', options.intervalMinutes, 1),
        resolveEvery: parseNumberOption('resolve-every', options.resolveEvery, 1),
        gpuCommittedShare: parseNumberOption('gpu-committed-share', options.gpuCommittedShare, 0),
        withPreviousMonth: options.previous,
      },
      { market, solver, onProgress: bar.update },
    ).report;
  } finally {
    bar.done();
  }
}

function summaryText(report: MonthlyReport, out: string | undefined): string {
  const usd = (micro: bigint) => `$${formatScaled(roundHalfEvenDiv(micro, 10_000n), 2)}`;
  const t = report.total;
  const lines = [
    `production report ${report.month} (strategy ${report.strategy})`,
    `  BTC mined            ${satsToBtcText(t.btcMinedSats)}`,
    `  avg operating        ${t.avgOperatingHashrateThs} TH/s of ${t.deployedHashrateThs.toFixed(0)} deployed (${bpsText(t.operatingShareBps)} %)`,
    `  energy used          ${formatScaled(t.energyUsedWh / 1000n, 3)} MWh, cost ${usd(t.energyCostMicroUsd)}`,
    `  cost per BTC         ${t.costPerBtcMicroUsd === undefined ? 'n/a' : usd(t.costPerBtcMicroUsd)}`,
    `  green share          ${bpsText(t.greenShareBps)} %`,
    `  revenue              mining ${usd(t.miningMicroUsd)}, AI ${usd(t.gpuMicroUsd)}, exports ${usd(t.exportMicroUsd)}, DR credits ${usd(t.drCreditsMicroUsd)}`,
    '',
    '  by region:',
    ...report.regions.map((r) => `    ${r.region.padEnd(20)} ${satsToBtcText(r.btcMinedSats)} BTC`),
    '  by site:',
    ...report.sites.map(
      (s) =>
        `    ${s.siteId.padEnd(20)} ${satsToBtcText(s.btcMinedSats)} BTC, ${s.avgOperatingHashrateThs} TH/s, energy ${microUsdToText(s.energyCostMicroUsd)} USD`,
    ),
  ];
  const mom = report.monthOverMonth;
  if (mom) {
    lines.push(
      '',
      `  vs ${mom.previousMonth}: BTC ${bpsText(mom.btcMinedSats.changeBps)} %, energy cost ${bpsText(mom.energyCostMicroUsd.changeBps)} %, revenue ${bpsText(mom.revenueMicroUsd.changeBps)} %`,
    );
  }
  if (report.notes.length > 0) lines.push('', 'notes:', ...report.notes.map((n) => `  - ${n}`));
  if (out) lines.push('', `report-${report.month}.json, .csv and .html written to ${out}`);
  return `${lines.join('\n')}\n`;
}
